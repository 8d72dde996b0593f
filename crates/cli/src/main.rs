//! `dossier`: the command line. Glue only: parse arguments, call the library crates, print.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

/// 数据要素× 大赛参赛材料批量审查 / Batch review of "数据要素×" contest dossiers.
#[derive(Parser)]
#[command(name = "dossier", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 审查一个批次，写出结果文件夹 / Review a batch and write the run folder.
    Run {
        /// 批次文件夹：每个项目一个子文件夹或一个 .zip / The batch folder.
        batch: PathBuf,
        /// 结果文件夹 / The run folder to write.
        #[arg(long)]
        out: PathBuf,
        /// 赛事配置 / The contest pipeline.
        #[arg(long, default_value = "pipelines/shanxi-2025.toml")]
        pipeline: PathBuf,
        /// 并行线程数（0 = 每核一个） / Worker threads (0 = one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// 不逐个列出项目，只打印总计 / Print only the totals, not a line per dossier.
        #[arg(long)]
        quiet: bool,
        /// 参照名单，可重复：affiliates=组委会关联单位名单，excluded=排除名单（CSV/XLSX，含“单位名称”列，可选“统一社会信用代码”列）
        /// / Reference list NAME=FILE, repeatable (affiliates, excluded).
        #[arg(long = "ref", value_name = "NAME=FILE", value_parser = parse_ref)]
        refs: Vec<(String, PathBuf)>,
        /// 打印各阶段用时（同时写入 OUT/timings.json） / Print the time of each stage (also in OUT/timings.json).
        #[arg(long)]
        timings: bool,
        /// 与其他赛事（分赛区）以前的结果文件夹比对重复参赛，可重复 / Compare with an earlier run folder
        /// (repeatable): CROSS_CONTEST_DUPLICATE for the same project, unit, person or file.
        #[arg(long = "against", value_name = "OTHER_OUT")]
        against: Vec<PathBuf>,
        /// 在本进程内读取文件，不用独立的读取进程（调试用；读取程序崩溃会中断整个批次）
        /// / Read files in this process instead of worker processes (for debugging: a reader crash ends the run).
        #[arg(long)]
        in_process: bool,
        /// 每个读取进程的内存上限（MiB，0 = 不限） / Address-space limit of each worker process in MiB (0 = none).
        #[arg(long, default_value_t = 4096, value_name = "MIB")]
        worker_memory: u64,
        /// 单个文件的读取时限（秒），超时的文件记为无法读取 / Longest a file may take to read, in seconds.
        #[arg(long, default_value_t = 300, value_name = "SECONDS")]
        file_timeout: u64,
    },
    /// (internal) 读取进程 / A worker process of `dossier run`: jobs on stdin, results on stdout.
    #[command(name = "__worker", hide = true)]
    Worker,
    /// (internal) 报表与索引进程 / `dossier run`'s last stages in a process of their own: `report`
    /// or `index` over a run folder; one JSON line on stdout.
    #[command(name = "__finish", hide = true)]
    Finish {
        /// `report` or `index`.
        stage: String,
        out: PathBuf,
        #[arg(long)]
        pipeline: PathBuf,
    },
    /// 在结果文件夹中检索：专利号、软著登记号、单位、信用代码、赛道、问题代码、正文 / Search a run folder.
    ///
    /// 例 / examples: `patent:ZL202310123456.7`, `copyright:2023SR0123456`, `company:山西某某科技有限公司`,
    /// `credit:91140100MA0K123456`, `track:工业制造`, `code:WORD_LIMIT_EXCEEDED`, `供应链金融`, `"数据 确权"`.
    /// 多个条件同时满足 / all clauses must match.
    Search {
        /// 结果文件夹（dossier run 的 --out） / The run folder.
        out: PathBuf,
        /// 检索式 / The query.
        query: String,
        /// 输出 JSON，每行一个结果 / Print one JSON object per hit and line.
        #[arg(long)]
        json: bool,
        /// 最多显示多少条 / At most this many hits.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// 显示程序从一个文件中读到的内容 / Show what the product reads from one file.
    Extract {
        /// The file.
        file: PathBuf,
        /// 输出 JSON：文档模型与字段 / Print the document model and fields as JSON.
        #[arg(long)]
        json: bool,
        /// 赛事配置（用于识别申报书） / The pipeline whose form template is matched.
        #[arg(long, default_value = "pipelines/shanxi-2025.toml")]
        pipeline: PathBuf,
    },
    /// 在浏览器中查看结果（只读，默认仅本机可访问） / Serve the run folder as a read-only web UI.
    Serve {
        /// 结果文件夹 / The run folder.
        out: PathBuf,
        /// 监听地址；默认只对本机开放 / Address to listen on (loopback by default).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// 访问口令：设置后每个请求都须带上（共享部署时使用；也可用环境变量 DOSSIER_SERVE_TOKEN）
        /// / Require this token on every request (for a shared deployment).
        #[arg(long)]
        token: Option<String>,
        /// 赛事配置（赛道名称、模板） / The pipeline (track names, template); default: the one the run used (OUT/run.json).
        #[arg(long)]
        pipeline: Option<PathBuf>,
    },
    /// 重新生成 report.xlsx 与 report.html / Write the reports of a run folder again.
    Report {
        /// 结果文件夹 / The run folder.
        out: PathBuf,
        /// 赛事配置（赛道、评价指标） / The pipeline (tracks, indicators); default: the one the run used (OUT/run.json).
        #[arg(long)]
        pipeline: Option<PathBuf>,
    },
    /// 生成盲审材料：隐去身份信息的项目介绍 + 秘书处编码对照表 / Write blind-review packets.
    Blind {
        /// 结果文件夹（dossier run 的 --out） / The run folder.
        out: PathBuf,
        /// 盲审材料写到这里 / Where to write the packets and the key.
        #[arg(long)]
        to: PathBuf,
        /// 编号密钥；同一密钥生成同样的编号（也可用环境变量 DOSSIER_BLIND_SECRET）/ Secret for the codes.
        #[arg(long)]
        secret: Option<String>,
        /// 赛事配置（用于模板的章节顺序） / The pipeline (for the template's section order); default: the one the run used (OUT/run.json).
        #[arg(long)]
        pipeline: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    single_threaded_ocr();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run {
            batch,
            out,
            pipeline,
            threads,
            quiet,
            refs,
            timings,
            against,
            in_process,
            worker_memory,
            file_timeout,
        } => {
            let isolation = if in_process {
                Ok(None)
            } else {
                let program = this_program().context("cannot find this program for its worker processes");
                program.map(|p| {
                    let mut iso = batch::Isolation::new(p, vec!["__worker".into()]);
                    iso.memory_limit_bytes = worker_memory << 20;
                    iso.file_timeout = std::time::Duration::from_secs(file_timeout.max(1));
                    Some(iso)
                })
            };
            isolation.and_then(|iso| run(batch, out, pipeline, threads, quiet, refs, timings, against, iso))
        }
        Command::Worker => return ExitCode::from(u8::try_from(batch::worker_main()).unwrap_or(2)),
        Command::Finish { stage, out, pipeline } => finish_child(&stage, &out, &pipeline),
        Command::Extract { file, json, pipeline } => extract(&file, json, &pipeline),
        Command::Blind { out, to, secret, pipeline } => {
            pipeline_of_run(&out, pipeline).and_then(|p| blind(&out, &to, secret, &p))
        }
        Command::Serve { out, addr, pipeline, token } => {
            pipeline_of_run(&out, pipeline).and_then(|p| serve(out, addr, &p, token))
        }
        Command::Report { out, pipeline } => pipeline_of_run(&out, pipeline).and_then(|p| report_cmd(&out, &p)),
        Command::Search { out, query, json, limit } => search(&out, &query, json, limit),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `dossier extract … | head`: the reader went away; that is not an error.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误 / error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Tesseract parallelises each picture with OpenMP, whose idle threads spin: on the bench
/// (docs/performance.md) a page cost 12 CPU seconds that way against 3 with one OpenMP thread,
/// and pictures are already read in parallel, one per worker thread. libgomp reads
/// `OMP_THREAD_LIMIT` when it is loaded, before `main`, so the program runs itself again with
/// it set (`exec`, same process id), unless the user has set it.
fn single_threaded_ocr() {
    #[cfg(all(unix, feature = "ocr"))]
    if std::env::var_os("OMP_THREAD_LIMIT").is_none() {
        use std::os::unix::process::CommandExt;
        if let Ok(me) = std::env::current_exe() {
            let err =
                std::process::Command::new(me).args(std::env::args_os().skip(1)).env("OMP_THREAD_LIMIT", "1").exec();
            // Not fatal: OCR is slower, nothing else changes.
            eprintln!("提示 / note: OMP_THREAD_LIMIT could not be applied ({err}); OCR runs with OpenMP threads");
        }
    }
}

/// Finds a pipeline file: as given, else in the source tree's `pipelines/`.
fn resolve_pipeline(p: &Path) -> Result<PathBuf> {
    if p.exists() {
        return Ok(p.to_path_buf());
    }
    let fallback = template::default_pipelines_dir().join(p.file_name().unwrap_or_default());
    if p.components().count() <= 2 && fallback.exists() {
        return Ok(fallback);
    }
    bail!("赛事配置文件不存在 / pipeline file not found: {} (see pipelines/ for the five contests)", p.display())
}

/// The templates folder beside a pipeline's folder, else the source tree's.
fn templates_for(pipeline: &Path) -> PathBuf {
    let beside = pipeline.parent().and_then(Path::parent).map(|d| d.join("templates"));
    match beside {
        Some(d) if d.is_dir() => d,
        _ => template::default_templates_dir().to_path_buf(),
    }
}

/// `--ref NAME=FILE`.
fn parse_ref(s: &str) -> std::result::Result<(String, PathBuf), String> {
    match s.split_once('=') {
        Some((name, file)) if !name.trim().is_empty() && !file.trim().is_empty() => {
            Ok((name.trim().to_string(), PathBuf::from(file)))
        }
        _ => Err(format!("应写作 名称=文件，如 excluded=排除名单.xlsx / expected NAME=FILE, got `{s}`")),
    }
}

fn run(
    batch: PathBuf,
    out: PathBuf,
    pipeline: PathBuf,
    threads: usize,
    quiet: bool,
    refs: Vec<(String, PathBuf)>,
    timings: bool,
    against: Vec<PathBuf>,
    isolation: Option<batch::Isolation>,
) -> Result<()> {
    if !batch.is_dir() {
        bail!("批次文件夹不存在或不是文件夹 / batch folder not found: {}", batch.display());
    }
    for a in &against {
        if !a.join("fingerprints.jsonl").is_file() {
            bail!(
                "--against {}：不是本程序的结果文件夹（缺少 fingerprints.jsonl） / not a run folder of this program (no fingerprints.jsonl)",
                a.display()
            );
        }
    }
    let pipeline = resolve_pipeline(&pipeline)?;
    let mut cfg = batch::RunConfig::new(batch, out.clone(), pipeline.clone());
    cfg.templates_dir = templates_for(&pipeline);
    cfg.threads = threads;
    cfg.refs = refs;
    cfg.against = against;
    cfg.isolation = isolation;
    // Organisers who exchange run folders may agree on their own key for the hashed ID numbers.
    if let Ok(key) = std::env::var("DOSSIER_PERSON_KEY") {
        if !key.is_empty() {
            cfg.person_key = key;
        }
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} 项目 {msg}")
            .expect("valid progress template"),
    );
    let started = Instant::now();
    let summary = batch::run(&cfg, &|p| match p {
        batch::Progress::Started { dossiers } => bar.set_length(dossiers as u64),
        batch::Progress::DossierDone { id } => {
            bar.inc(1);
            bar.set_message(id);
        }
    })
    .context("运行失败 / the run could not complete")?;
    bar.finish_and_clear();
    // People's views of the run (after everything else that writes into the run folder), then
    // the search index (derived from the run folder; a failure is reported, not fatal). With
    // worker processes, each in a process of its own: their memory is not stacked on what the
    // run's allocator kept (the peak was report + index + run at 1,000 dossiers).
    let separate = cfg.isolation.is_some();
    let reports = finish_stage(separate, "report", &out, &pipeline).and_then(|v| {
        match (v["xlsx"].as_str(), v["html"].as_str()) {
            (Some(x), Some(h)) => Ok((PathBuf::from(x), PathBuf::from(h))),
            _ => Err(format!("unexpected answer {v}")),
        }
    });
    let index = finish_stage(separate, "index", &out, &pipeline).map(|v| {
        let n = |k: &str| v[k].as_u64().unwrap_or(0) as usize;
        search::IndexStats {
            dossiers: n("dossiers"),
            documents: n("documents"),
            form_items: n("form_items"),
            attachments: n("attachments"),
            seconds: v["seconds"].as_f64().unwrap_or(0.0),
        }
    });
    let out_dir = out;
    let mut out = std::io::stdout().lock();
    if !quiet {
        for d in &summary.per_dossier {
            let codes: Vec<String> =
                d.codes.iter().map(|(c, n)| if *n > 1 { format!("{c}×{n}") } else { c.clone() }).collect();
            let form = if d.form { "" } else { "  [未识别到申报书 / no form]" };
            writeln!(out, "{:<16} 错误 {:>2}  警告 {:>2}  {}{form}", d.id, d.errors, d.warnings, codes.join(" "))?;
        }
    }
    writeln!(
        out,
        "完成：{} 个项目，{} 个文件（{} 个无法读取），识别到申报书 {} 份；有错误的项目 {} 个，仅有警告的 {} 个；问题 {} 条（其中跨项目 {} 条，关联组 {} 个，见 clusters.json）。用时 {:.1} 秒。",
        summary.dossiers,
        summary.files,
        summary.files_failed,
        summary.forms_found,
        summary.dossiers_with_errors,
        summary.dossiers_with_warnings,
        summary.findings,
        summary.cross_findings,
        summary.clusters,
        started.elapsed().as_secs_f64()
    )?;
    writeln!(
        out,
        "Done: {} dossiers, {} files ({} unreadable), {} forms recognised; {} dossiers with errors, {} with warnings only; {} findings. Results in {}",
        summary.dossiers,
        summary.files,
        summary.files_failed,
        summary.forms_found,
        summary.dossiers_with_errors,
        summary.dossiers_with_warnings,
        summary.findings,
        out_dir.display()
    )?;
    match reports {
        Ok((xlsx, html)) => writeln!(out, "报告 / reports: {} {}", xlsx.display(), html.display())?,
        Err(e) => eprintln!("注意：报告未能生成 / note: the reports could not be written: {e}"),
    }
    match index {
        Ok(s) => writeln!(
            out,
            "检索索引：{} 个项目，{} 条（表单项 {}，附件 {}），用时 {:.1} 秒。用 dossier search {} 检索。 / Search index: {} documents.",
            s.dossiers,
            s.documents,
            s.form_items,
            s.attachments,
            s.seconds,
            out_dir.display(),
            s.documents
        )?,
        Err(e) => writeln!(out, "检索索引未能生成 / the search index could not be built: {e}")?,
    }
    // Stages run after `batch::run` (if any) are in the totals too: rewrite timings.json last.
    let workers = if threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { threads };
    let t = batch::timings::snapshot(workers);
    t.write(&out_dir).with_context(|| format!("cannot write {}", out_dir.join("timings.json").display()))?;
    if timings {
        write!(out, "{}", t.table())?;
    }
    Ok(())
}

/// Runs one of the last stages (`report`, `index`) in this process, or in a child process
/// (`dossier __finish STAGE OUT`) whose CPU time is added to the run's timings. The answer is
/// the stage's JSON summary, or why it failed.
fn finish_stage(
    separate: bool,
    stage: &str,
    out: &Path,
    pipeline: &Path,
) -> std::result::Result<serde_json::Value, String> {
    let which = if stage == "report" { batch::timings::Stage::Report } else { batch::timings::Stage::Index };
    if !separate {
        return batch::timings::sequential(which, || finish_here(stage, out, pipeline));
    }
    let started = Instant::now();
    let spawned = this_program().and_then(|exe| {
        std::process::Command::new(exe)
            .arg("__finish")
            .arg(stage)
            .arg(out)
            .arg("--pipeline")
            .arg(pipeline)
            .stderr(std::process::Stdio::inherit())
            .output()
    });
    let o = match spawned {
        Ok(o) => o,
        // The stage is not lost for want of a process: it runs here, as with --in-process.
        Err(e) => {
            eprintln!("提示 / note: 无法启动 {stage} 子进程（{e}），改在本进程内完成 / cannot start the {stage} process ({e}); running it in this one");
            return batch::timings::sequential(which, || finish_here(stage, out, pipeline));
        }
    };
    let answer: serde_json::Value = String::from_utf8_lossy(&o.stdout)
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| format!("the {stage} process ended without an answer ({})", o.status))?;
    let cpu = std::time::Duration::from_secs_f64(answer["cpu_seconds"].as_f64().unwrap_or(0.0).max(0.0));
    batch::timings::record_external(which, cpu, started.elapsed());
    match answer["error"].as_str() {
        Some(e) => Err(e.to_string()),
        None => Ok(answer["ok"].clone()),
    }
}

/// This program, to start its worker and finishing processes: on Linux `/proc/self/exe`, the
/// running binary itself even when its file was replaced or deleted during the run (a rebuild
/// or an upgrade: the 5,000-dossier bench lost its report and index that way), so children are
/// always the same version as the run; elsewhere the path it was started from.
fn this_program() -> std::io::Result<PathBuf> {
    let own = Path::new("/proc/self/exe");
    if cfg!(target_os = "linux") && own.exists() {
        return Ok(own.to_path_buf());
    }
    std::env::current_exe()
}

/// `dossier __finish STAGE OUT --pipeline P`: the child's side of [`finish_stage`].
fn finish_child(stage: &str, out: &Path, pipeline: &Path) -> Result<()> {
    let result = finish_here(stage, out, pipeline);
    let cpu = batch::timings::process_cpu().as_secs_f64();
    let v = match result {
        Ok(ok) => serde_json::json!({ "ok": ok, "cpu_seconds": cpu }),
        Err(e) => serde_json::json!({ "error": e, "cpu_seconds": cpu }),
    };
    writeln!(std::io::stdout().lock(), "{v}")?;
    Ok(())
}

/// One of the last stages, here: its JSON summary or why it failed.
fn finish_here(stage: &str, out: &Path, pipeline: &Path) -> std::result::Result<serde_json::Value, String> {
    match stage {
        "report" => pipeline_and_template(pipeline)
            .map_err(|e| e.to_string())
            .and_then(|(p, t)| report::write_reports(out, &p, &t).map_err(|e| e.to_string()))
            .map(|r| serde_json::json!({ "xlsx": r.xlsx, "html": r.html })),
        "index" => search::build_index(out).map_err(|e| e.to_string()).map(|s| {
            serde_json::json!({ "dossiers": s.dossiers, "documents": s.documents, "form_items": s.form_items,
                "attachments": s.attachments, "seconds": s.seconds })
        }),
        other => Err(format!("unknown stage {other}")),
    }
}

/// The pipeline for a command on a run folder: the one given, else the one the run recorded in
/// `OUT/run.json` (when that file still exists), else the default contest.
fn pipeline_of_run(out: &Path, given: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p);
    }
    let recorded = std::fs::read(out.join("run.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v["pipeline"]["file"].as_str().map(PathBuf::from));
    match recorded {
        Some(p) if p.exists() => Ok(p),
        Some(p) => bail!(
            "该结果文件夹使用的赛事配置已不存在 / the pipeline this run used is gone: {}; give --pipeline",
            p.display()
        ),
        None => Ok(PathBuf::from("pipelines/shanxi-2025.toml")),
    }
}

fn pipeline_and_template(pipeline: &Path) -> Result<(template::Pipeline, template::Template)> {
    let pipeline = resolve_pipeline(pipeline)?;
    let p = template::Pipeline::load(&pipeline)?;
    let t = template::Template::load_named(&p.template, &templates_for(&pipeline))?;
    Ok((p, t))
}

fn serve(out: PathBuf, addr: std::net::SocketAddr, pipeline: &Path, token: Option<String>) -> Result<()> {
    let token = token.or_else(|| std::env::var("DOSSIER_SERVE_TOKEN").ok()).filter(|t| !t.is_empty());
    if !addr.ip().is_loopback() && token.is_none() {
        bail!(
            "只在本机以外开放时必须设置访问口令（--token），以免申报材料被他人查看 / serving beyond this machine \
             ({addr}) needs --token"
        );
    }
    if token.as_ref().is_some_and(|t| t.len() < 12 || t.chars().any(|c| !c.is_ascii_graphic() || c == ';')) {
        bail!("访问口令至少 12 个字符，且只用字母、数字和符号（不含分号） / the token needs 12+ printable ASCII characters, no ';'");
    }
    let (p, t) = pipeline_and_template(pipeline)?;
    let index = search::Searcher::open(&search::index_dir(&out));
    let mut app = serve::App::load(out, p, t)?;
    let link = token.as_ref().map(|t| format!("?token={t}")).unwrap_or_default();
    app.token = token;
    // Full-text search through the run's index when it has one (else the page scans the dossiers).
    if let Ok(searcher) = index {
        app.fulltext = Some(Box::new(IndexBackend(searcher)));
    }
    serve::run(app, addr, |bound| {
        let mut o = std::io::stdout().lock();
        let _ =
            writeln!(o, "审查结果网页：http://{bound}/{link} （按 Ctrl-C 结束） / serving on http://{bound}/{link}");
        let _ = o.flush();
    })?;
    Ok(())
}

/// The search index as the web page's full-text backend.
struct IndexBackend(search::Searcher);

impl serve::FullText for IndexBackend {
    fn search(&self, query: &str, limit: usize) -> std::result::Result<Vec<serve::Hit>, String> {
        let hits = self.0.search(query, limit).map_err(|e| e.to_string())?;
        Ok(hits
            .into_iter()
            .map(|h| serve::Hit {
                dossier_id: h.dossier_id,
                team: h.team,
                kind: h.kind,
                location: h.location,
                snippet_html: h.snippet_html,
                score: h.score,
            })
            .collect())
    }
}

fn report_cmd(out: &Path, pipeline: &Path) -> Result<()> {
    let (p, t) = pipeline_and_template(pipeline)?;
    let r = report::write_reports(out, &p, &t)?;
    writeln!(std::io::stdout().lock(), "报告 / reports: {} {}", r.xlsx.display(), r.html.display())?;
    Ok(())
}

fn blind(out: &Path, to: &Path, secret: Option<String>, pipeline: &Path) -> Result<()> {
    let (_, t) = pipeline_and_template(pipeline)?;
    let run = report::RunData::load(out).context("无法读取结果文件夹 / cannot read the run folder")?;
    let secret = secret.or_else(|| std::env::var("DOSSIER_BLIND_SECRET").ok());
    let s = report::write_blind(&run, &t, to, secret.as_deref())?;
    let mut o = std::io::stdout().lock();
    writeln!(
        o,
        "盲审材料 {} 份：{}（可发给评审专家）；编码对照表：{}（仅限秘书处，勿外发）；共隐去 {} 处身份信息。",
        s.packets.len(),
        to.join(report::blind::PACKETS_DIR).display(),
        s.key_csv.display(),
        s.redactions
    )?;
    if let Some(f) = &s.secret_file {
        writeln!(o, "编号密钥已保存在 {}；用 --secret 传入同一密钥可重新生成相同编号。", f.display())?;
    }
    writeln!(o, "Blind packets: {}; key: {} (secretariat only).", s.packets.len(), s.key_xlsx.display())?;
    Ok(())
}

fn search(out_dir: &Path, query: &str, json: bool, limit: usize) -> Result<()> {
    if !out_dir.is_dir() {
        bail!("结果文件夹不存在：{}，请先运行 dossier run / run folder not found", out_dir.display());
    }
    let searcher = search::Searcher::open(&search::index_dir(out_dir))?;
    let hits = searcher.search(query, limit)?;
    let mut out = std::io::stdout().lock();
    if json {
        for h in &hits {
            let v = serde_json::json!({
                "dossier_id": h.dossier_id,
                "team": h.team,
                "kind": h.kind,
                "location": h.location,
                "snippet_html": h.snippet_html,
                "snippet": snippet_text(&h.snippet_html, "", ""),
                "score": h.score,
            });
            writeln!(out, "{v}")?;
        }
        return Ok(());
    }
    if hits.is_empty() {
        writeln!(out, "没有找到匹配的结果 / no hits for: {query}")?;
        return Ok(());
    }
    for (i, h) in hits.iter().enumerate() {
        let place = match h.kind {
            "form" => format!("申报书 {}", h.location),
            "attachment" => format!("附件 {}", h.location),
            _ => "项目".to_string(),
        };
        writeln!(
            out,
            "{:>3}. {}  {}  [{}]",
            i + 1,
            h.dossier_id,
            h.team.as_deref().unwrap_or("（未填团队名称）"),
            place
        )?;
        writeln!(out, "     {}", snippet_text(&h.snippet_html, "【", "】").replace('\n', " "))?;
    }
    writeln!(out, "共 {} 条（最多显示 {} 条） / {} hits (limit {})", hits.len(), limit, hits.len(), limit)?;
    Ok(())
}

/// The snippet as text: the highlight tags become `open` / `close`, entities are decoded.
fn snippet_text(html: &str, open: &str, close: &str) -> String {
    html.replace("<b>", open)
        .replace("</b>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn extract(file: &Path, json: bool, pipeline: &Path) -> Result<()> {
    let limits = read::Limits::default();
    let ex =
        batch::examine(file, &limits).map_err(|e| anyhow::anyhow!("无法读取 / cannot read {}: {e}", file.display()))?;
    let pipeline = resolve_pipeline(pipeline)?;
    let p = template::Pipeline::load(&pipeline)?;
    let t = template::Template::load_named(&p.template, &templates_for(&pipeline))?;
    let rec = ex.document.as_ref().map(|d| extract::recognise(d, &t));
    let is_form = rec.as_ref().is_some_and(|r| r.is_form());
    let fields = ex.document.as_ref().filter(|_| is_form).map(|d| extract::extract(d, &t));
    let mut out = std::io::stdout().lock();
    if json {
        let v = serde_json::json!({
            "file": file.display().to_string(),
            "document": ex.document.as_ref().map(batch::document_json),
            "text": ex.text,
            "ocr": ex.ocr,
            "needs_ocr": ex.needs_ocr,
            "evidence": batch::evidence_json(&ex.evidence),
            "form": {
                "template": t.id,
                "recognised": is_form,
                "markers_found": rec.as_ref().map(|r| r.found.clone()),
            },
            "fields": fields.as_ref().map(|e| batch::fields_to_json(&e.fields)),
            "sections_missing": fields.as_ref().map(|e| e.sections_missing.clone()),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        write!(out, "{}", ex.text)?;
        if let Some(why) = &ex.needs_ocr {
            writeln!(out, "\n---- 需要文字识别 / needs OCR ----\n{why}")?;
        }
        if let Some(e) = fields {
            writeln!(out, "\n---- 申报书字段 / form fields ({}) ----", t.id)?;
            writeln!(out, "{}", serde_json::to_string_pretty(&batch::fields_to_json(&e.fields))?)?;
        } else {
            writeln!(
                out,
                "\n---- 归属信息 / ownership ----\n{}",
                serde_json::to_string_pretty(&batch::evidence_json(&ex.evidence))?
            )?;
        }
    }
    Ok(())
}
