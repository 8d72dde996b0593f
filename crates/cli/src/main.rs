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
        /// 与其他赛事（分赛区）以前的结果文件夹比对重复参赛，可重复 / Compare with an earlier run folder
        /// (repeatable): CROSS_CONTEST_DUPLICATE for the same project, unit, person or file.
        #[arg(long = "against", value_name = "OTHER_OUT")]
        against: Vec<PathBuf>,
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run { batch, out, pipeline, threads, quiet, against } => {
            run(batch, out, pipeline, threads, quiet, against)
        }
        Command::Extract { file, json, pipeline } => extract(&file, json, &pipeline),
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

fn run(
    batch: PathBuf,
    out: PathBuf,
    pipeline: PathBuf,
    threads: usize,
    quiet: bool,
    against: Vec<PathBuf>,
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
    cfg.against = against;
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
    Ok(())
}

fn extract(file: &Path, json: bool, pipeline: &Path) -> Result<()> {
    let limits = read::Limits::default();
    let doc = batch::read_document(file, &limits)
        .map_err(|e| anyhow::anyhow!("无法读取 / cannot read {}: {e}", file.display()))?;
    let pipeline = resolve_pipeline(pipeline)?;
    let p = template::Pipeline::load(&pipeline)?;
    let t = template::Template::load_named(&p.template, &templates_for(&pipeline))?;
    let rec = extract::recognise(&doc, &t);
    let mut out = std::io::stdout().lock();
    let fields = rec.is_form().then(|| extract::extract(&doc, &t));
    if json {
        let v = serde_json::json!({
            "file": file.display().to_string(),
            "document": batch::document_json(&doc),
            "form": { "template": t.id, "recognised": rec.is_form(), "markers_found": rec.found },
            "fields": fields.as_ref().map(|e| batch::fields_to_json(&e.fields)),
            "sections_missing": fields.as_ref().map(|e| e.sections_missing.clone()),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        write!(out, "{}", doc.plain_text())?;
        if let Some(e) = fields {
            writeln!(out, "\n---- 申报书字段 / form fields ({}) ----", t.id)?;
            writeln!(out, "{}", serde_json::to_string_pretty(&batch::fields_to_json(&e.fields))?)?;
        }
    }
    Ok(())
}
