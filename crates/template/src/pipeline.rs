//! Contest pipeline configurations: `pipelines/<id>.toml`.
//!
//! A pipeline file is data transcribed from one contest notice (a seed): which form template the
//! contest uses, its limits (team size, participating units, tracks per project), the rules that
//! differ between contests (blind review, exclusion of earlier winners, contracts required as
//! evidence, prior awards surfaced), its tracks with their numbered topics (赛道 / 赛题), and, when
//! the notice has one, its evaluation-indicator table (评价指标).
//!
//! [`Pipeline::load`] reads and validates one file; [`Pipeline::find_track`] recognises how teams
//! write a track and topic in the form's "赛道及参赛方向" cell.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

/// The only `schema_version` this loader understands.
pub const PIPELINE_SCHEMA_VERSION: u32 = 1;

/// Why a pipeline file could not be loaded. Every variant names the file (or the origin given to
/// [`Pipeline::from_toml_str`]).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The file could not be read.
    #[error("{path}: cannot read the pipeline file: {source}")]
    Read {
        /// The path as given.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The text is not TOML of the pipeline schema (syntax error, wrong type, missing or unknown
    /// key); `message` is the TOML / serde message, with line and column.
    #[error("{origin}: not a valid pipeline file: {message}")]
    Parse {
        /// The file (or origin) the text came from.
        origin: String,
        /// The parser's message.
        message: String,
    },
    /// The file parses but its content is inconsistent (duplicate track id, no track, a zero
    /// limit, a malformed deadline…).
    #[error("{origin}: {message}")]
    Invalid {
        /// The file (or origin) the text came from.
        origin: String,
        /// What is wrong.
        message: String,
    },
}

// ---------------------------------------------------------------------------------------------
// Raw schema (exactly what the TOML holds)
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPipeline {
    pub(crate) schema_version: u32,
    pub(crate) id: String,
    pub(crate) name_zh: String,
    pub(crate) seed: String,
    pub(crate) template: String,
    #[serde(default)]
    pub(crate) deadline: Option<String>,
    pub(crate) limits: RawLimits,
    pub(crate) rules: RawRules,
    #[serde(default)]
    pub(crate) tracks: Vec<RawTrack>,
    #[serde(default)]
    pub(crate) indicators: Vec<RawIndicator>,
    /// Per finding code: switch a check off or change its severity.
    #[serde(default)]
    pub(crate) checks: std::collections::BTreeMap<String, RawCheckSetting>,
    /// Default reference lists: name → file (relative to the pipeline file).
    #[serde(default)]
    pub(crate) refs: std::collections::BTreeMap<String, String>,
    /// Thresholds of the cross-dossier matching; absent keys keep the defaults.
    #[serde(default)]
    pub(crate) cross: CrossSettings,
}

/// Thresholds of the cross-dossier stage (`[cross]`), each optional: what is absent keeps the
/// `cross` crate's default (README, "跨项目比对").
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossSettings {
    /// Files smaller than this many bytes are not reported as duplicates.
    pub min_file_bytes: Option<u64>,
    /// Candidate pictures: perceptual hashes at most this many bits apart (of 64).
    pub image_max_distance: Option<u32>,
    /// Confirmed pictures: aligned thumbnails differ in at most this share of pixels (0–1).
    pub image_max_residual: Option<f64>,
    /// Each picture is aligned with at most this many candidates, its nearest by hash.
    pub image_max_candidates: Option<usize>,
    /// Narrative sections shorter than this (characters) are not compared.
    pub text_min_chars: Option<usize>,
    /// Report copied text when this share (0–1) of one section stands in the other …
    pub text_containment: Option<f64>,
    /// … or when the resemblance (Jaccard, 0–1) reaches this.
    pub text_jaccard: Option<f64>,
    /// Shared 8-character shingles needed at least.
    pub text_min_shared: Option<usize>,
    /// A shingle in more than this share (0–1) of the batch's dossiers is boilerplate.
    pub df_max_share: Option<f64>,
    /// … and in more than this many dossiers.
    pub df_min_count: Option<usize>,
    /// Addresses shorter than this (characters) are not compared.
    pub address_min_chars: Option<usize>,
    /// Unit names one character apart count as near-identical from this length on.
    pub unit_name_min_chars: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCheckSetting {
    #[serde(default)]
    pub(crate) enabled: Option<bool>,
    #[serde(default)]
    pub(crate) severity: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLimits {
    pub(crate) team_max: u32,
    pub(crate) units_max: u32,
    pub(crate) tracks_per_project: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRules {
    #[serde(default)]
    pub(crate) blind_review: bool,
    #[serde(default)]
    pub(crate) exclude_previous_winners: bool,
    #[serde(default)]
    pub(crate) require_solution_contracts: bool,
    #[serde(default)]
    pub(crate) surface_prior_awards: bool,
    #[serde(default)]
    pub(crate) open_track: bool,
    #[serde(default)]
    pub(crate) notes_zh: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTrack {
    pub(crate) id: u32,
    pub(crate) name: String,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    #[serde(default)]
    pub(crate) topics: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIndicator {
    pub(crate) dimension: String,
    #[serde(default)]
    pub(crate) weight: Option<f64>,
    #[serde(default)]
    pub(crate) items: Vec<RawIndicatorItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIndicatorItem {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) weight: Option<f64>,
    #[serde(default)]
    pub(crate) description: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Resolved, validated pipeline
// ---------------------------------------------------------------------------------------------

/// One contest's configuration, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// Stable id, e.g. `shanxi-2025`.
    pub id: String,
    /// The contest's name as printed, e.g. `2025年“数据要素×”大赛山西分赛`.
    pub name_zh: String,
    /// The seed file (contest notice) the configuration is transcribed from.
    pub seed: String,
    /// The form template, `templates/<template>/template.toml`.
    pub template: String,
    /// Submission deadline as an ISO date (`YYYY-MM-DD`) when the notice states one.
    pub deadline: Option<String>,
    /// Team, unit and track limits.
    pub limits: Limits,
    /// Rules that differ between contests.
    pub rules: Rules,
    /// Tracks in the notice's order.
    pub tracks: Vec<Track>,
    /// Evaluation indicators (评价指标); empty when the notice has no table.
    pub indicators: Vec<Indicator>,
    /// Checks the contest switches off or re-grades (`[checks.CODE]`).
    pub checks: Vec<CheckSetting>,
    /// Default reference lists (`[refs]`): list name (`affiliates`, `excluded`) and file, in name
    /// order. [`Pipeline::load`] resolves relative paths against the pipeline file's folder;
    /// [`Pipeline::from_toml_str`] keeps them as written. `--ref NAME=FILE` replaces the list of
    /// that name.
    pub refs: Vec<(String, std::path::PathBuf)>,
    /// Thresholds of the cross-dossier stage (`[cross]`).
    pub cross: CrossSettings,
}

/// A contest's setting for one check, by finding code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSetting {
    /// The finding code.
    pub code: model::FindingCode,
    /// Whether the check runs.
    pub enabled: bool,
    /// The severity its findings get instead of the default.
    pub severity: Option<model::Severity>,
}

impl Pipeline {
    /// The contest's setting for a check, if it has one.
    pub fn check_setting(&self, code: model::FindingCode) -> Option<&CheckSetting> {
        self.checks.iter().find(|c| c.code == code)
    }
}

/// Counting limits of a contest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most members (参赛代表) in one team.
    pub team_max: u32,
    /// Most participating units in one dossier.
    pub units_max: u32,
    /// How many tracks one project may enter (1 everywhere).
    pub tracks_per_project: u32,
}

/// Contest rules that change what the pipeline checks or surfaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// First-round review is blind (盲评盲审): reviewers get de-identified copies.
    pub blind_review: bool,
    /// Earlier winners are excluded (Shanxi: 2024 national-final winners).
    pub exclude_previous_winners: bool,
    /// Evidence must include contracts related to the solution (Heilongjiang).
    pub require_solution_contracts: bool,
    /// Prior awards from provincial data contests earn points and should be surfaced (Guangdong).
    pub surface_prior_awards: bool,
    /// The contest has an open (开放性 / 开创性) track.
    pub open_track: bool,
    /// Short quotes of the notice's rules, in Chinese.
    pub notes_zh: Vec<String>,
}

/// One track (赛道) with its topics (赛题 / 方向).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    /// Ordinal as numbered in the notice (赛道一 → 1).
    pub id: u32,
    /// Short domain name, e.g. `工业制造`.
    pub name: String,
    /// Title as printed, e.g. `赛道二：数据要素×工业制造领域赛题`.
    pub title: String,
    /// Other ways teams write the track.
    pub aliases: Vec<String>,
    /// Numbered topic titles in order; empty when the notice lists none.
    pub topics: Vec<String>,
}

/// One first-level evaluation dimension (一级指标).
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// E.g. `先进性`.
    pub dimension: String,
    /// Weight in percent, when the notice gives one.
    pub weight: Option<f64>,
    /// Sub-items (二级指标).
    pub items: Vec<IndicatorItem>,
}

/// One sub-item of an evaluation dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorItem {
    /// E.g. `数据治理`.
    pub name: String,
    /// Weight or score, when the notice gives one.
    pub weight: Option<f64>,
    /// Description or third-level items, as the notice gives them.
    pub description: Option<String>,
}

/// Where a written track / topic points: indexes into [`Pipeline::tracks`] and that track's
/// [`Track::topics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TrackMatch {
    /// Index of the track in [`Pipeline::tracks`] (not its `id`).
    pub track: usize,
    /// Index of the topic in the track's `topics`, when one was recognised.
    pub topic: Option<usize>,
}

impl Pipeline {
    /// Reads and validates a pipeline file.
    pub fn load(path: &Path) -> Result<Pipeline, PipelineError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| PipelineError::Read { path: path.display().to_string(), source })?;
        let mut p = Pipeline::from_toml_str(&text, &path.display().to_string())?;
        let dir = path.parent().unwrap_or(Path::new(""));
        for (_, file) in &mut p.refs {
            if file.is_relative() {
                *file = dir.join(&*file);
            }
        }
        Ok(p)
    }

    /// Parses and validates pipeline TOML; `origin` names the source in errors.
    pub fn from_toml_str(s: &str, origin: &str) -> Result<Pipeline, PipelineError> {
        let raw: RawPipeline = toml::from_str(s).map_err(|e| PipelineError::Parse {
            origin: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        resolve(raw).map_err(|message| PipelineError::Invalid { origin: origin.to_string(), message })
    }

    /// Total number of topics over all tracks.
    pub fn topic_count(&self) -> usize {
        self.tracks.iter().map(|t| t.topics.len()).sum()
    }

    /// Recognises the track (and topic) a team wrote in the form's "赛道及参赛方向" cell.
    ///
    /// Tolerant of full / half width, spaces and punctuation, `×` / `x` / `X`, numbering such as
    /// `3.` or `（三）`, and `赛道二` / `赛道2` / `第二赛道`. The track is found by its title, name or an
    /// alias, else by its ordinal, else by a topic; a topic is matched by its title, or a substring
    /// of at least 6 characters of it, in the text outside the track's name. An
    /// explicit track name outranks a topic, which outranks a bare ordinal. Returns `None` when
    /// nothing matches or two tracks match equally well.
    pub fn find_track(&self, written: &str) -> Option<TrackMatch> {
        let (compact, spaced) = normalize(written);
        if compact.is_empty() {
            return None;
        }
        let ordinals = ordinals(&spaced);

        // (primary, name_len, topic_len, track index, topic)
        let mut scored: Vec<(u32, usize, usize, usize, Option<usize>)> = Vec::new();
        for (ti, track) in self.tracks.iter().enumerate() {
            // The longest of title, name and aliases found in the text.
            let mut name_hit: Option<(usize, Vec<char>)> = None;
            for cand in std::iter::once(&track.title).chain(std::iter::once(&track.name)).chain(track.aliases.iter()) {
                let c = normalize(cand).0;
                if c.is_empty() {
                    continue;
                }
                if let Some(pos) = find(&compact, &c) {
                    if c.len() > name_hit.as_ref().map_or(0, |(_, h)| h.len()) {
                        name_hit = Some((pos, c));
                    }
                }
            }
            let skip = name_hit.as_ref().map(|(pos, c)| (*pos, pos + c.len()));
            let topic = best_topic(track, &compact, skip);
            let name_len = name_hit.as_ref().map_or(0, |(_, c)| c.len());
            let by_ordinal = ordinals.contains(&track.id);
            let primary = u32::from(name_len > 0) * 4 + u32::from(topic.is_some()) * 2 + u32::from(by_ordinal);
            if primary == 0 {
                continue;
            }
            let topic_len = topic.map_or(0, |(_, len)| len);
            scored.push((primary, name_len, topic_len, ti, topic.map(|(i, _)| i)));
        }
        scored.sort_by(|a, b| (b.0, b.1, b.2).cmp(&(a.0, a.1, a.2)).then(a.3.cmp(&b.3)));
        let best = scored.first()?;
        if let Some(second) = scored.get(1) {
            if (second.0, second.1, second.2) == (best.0, best.1, best.2) {
                return None; // ambiguous
            }
        }
        Some(TrackMatch { track: best.3, topic: best.4 })
    }
}

fn resolve(raw: RawPipeline) -> Result<Pipeline, String> {
    if raw.schema_version != PIPELINE_SCHEMA_VERSION {
        return Err(format!(
            "schema_version {} is not supported (expected {PIPELINE_SCHEMA_VERSION})",
            raw.schema_version
        ));
    }
    for (key, value) in [("id", &raw.id), ("name_zh", &raw.name_zh), ("seed", &raw.seed), ("template", &raw.template)] {
        if value.trim().is_empty() {
            return Err(format!("`{key}` is empty"));
        }
    }
    if let Some(d) = &raw.deadline {
        if !is_iso_date(d) {
            return Err(format!("deadline {d:?} is not an ISO date (YYYY-MM-DD)"));
        }
    }
    for (key, value) in [
        ("team_max", raw.limits.team_max),
        ("units_max", raw.limits.units_max),
        ("tracks_per_project", raw.limits.tracks_per_project),
    ] {
        if value == 0 {
            return Err(format!("limits.{key} must be greater than 0"));
        }
    }
    if raw.tracks.is_empty() {
        return Err("no [[tracks]]: a pipeline needs at least one track".to_string());
    }
    for (key, value) in [
        ("image_max_residual", raw.cross.image_max_residual),
        ("text_containment", raw.cross.text_containment),
        ("text_jaccard", raw.cross.text_jaccard),
        ("df_max_share", raw.cross.df_max_share),
    ] {
        if let Some(v) = value {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("cross.{key} = {v} must be between 0 and 1"));
            }
        }
    }
    if raw.cross.image_max_candidates == Some(0) {
        return Err("cross.image_max_candidates must be at least 1".to_string());
    }
    if raw.cross.image_max_distance.is_some_and(|d| d > 64) {
        return Err("cross.image_max_distance must be at most 64 (bits of the hash)".to_string());
    }

    let mut ids = HashSet::new();
    // normalized spelling → track id, so that no spelling points to two tracks
    let mut spellings: Vec<(Vec<char>, u32, String)> = Vec::new();
    let mut tracks = Vec::with_capacity(raw.tracks.len());
    for t in raw.tracks {
        if t.id == 0 {
            return Err(format!("track {:?}: id must be 1 or more", t.name));
        }
        if !ids.insert(t.id) {
            return Err(format!("track id {} is used twice", t.id));
        }
        if t.name.trim().is_empty() || t.title.trim().is_empty() {
            return Err(format!("track {}: name and title must not be empty", t.id));
        }
        for s in std::iter::once(&t.title).chain(std::iter::once(&t.name)).chain(t.aliases.iter()) {
            let n = normalize(s).0;
            if n.is_empty() {
                return Err(format!("track {}: empty alias {s:?}", t.id));
            }
            if let Some((_, other, orig)) = spellings.iter().find(|(k, id, _)| *k == n && *id != t.id) {
                return Err(format!("track {}: {s:?} is also a spelling of track {other} ({orig:?})", t.id));
            }
            spellings.push((n, t.id, s.clone()));
        }
        let mut seen = HashSet::new();
        for topic in &t.topics {
            let n = normalize(topic).0;
            if n.is_empty() {
                return Err(format!("track {}: empty topic", t.id));
            }
            if !seen.insert(n) {
                return Err(format!("track {}: topic {topic:?} is listed twice", t.id));
            }
        }
        tracks.push(Track { id: t.id, name: t.name, title: t.title, aliases: t.aliases, topics: t.topics });
    }

    let mut dims = HashSet::new();
    let mut indicators = Vec::with_capacity(raw.indicators.len());
    for ind in raw.indicators {
        if ind.dimension.trim().is_empty() {
            return Err("an indicator has an empty dimension".to_string());
        }
        if !dims.insert(ind.dimension.clone()) {
            return Err(format!("indicator dimension {:?} is listed twice", ind.dimension));
        }
        check_weight(&ind.dimension, ind.weight)?;
        let mut items = Vec::with_capacity(ind.items.len());
        for it in ind.items {
            if it.name.trim().is_empty() {
                return Err(format!("indicator {:?}: an item has an empty name", ind.dimension));
            }
            check_weight(&it.name, it.weight)?;
            items.push(IndicatorItem { name: it.name, weight: it.weight, description: it.description });
        }
        indicators.push(Indicator { dimension: ind.dimension, weight: ind.weight, items });
    }

    let mut checks = Vec::with_capacity(raw.checks.len());
    for (code, setting) in raw.checks {
        let code: model::FindingCode = code.parse().map_err(|e| format!("[checks.{code}]: {e}"))?;
        let severity = match setting.severity {
            Some(s) => Some(s.parse::<model::Severity>().map_err(|e| format!("[checks.{code}] severity: {e}"))?),
            None => None,
        };
        checks.push(CheckSetting { code, enabled: setting.enabled.unwrap_or(true), severity });
    }
    let mut refs = Vec::with_capacity(raw.refs.len());
    for (name, file) in raw.refs {
        if name.trim().is_empty() || file.trim().is_empty() {
            return Err(format!("[refs]: list {name:?} needs a name and a file"));
        }
        refs.push((name, std::path::PathBuf::from(file)));
    }

    Ok(Pipeline {
        id: raw.id,
        name_zh: raw.name_zh,
        seed: raw.seed,
        template: raw.template,
        deadline: raw.deadline,
        limits: Limits {
            team_max: raw.limits.team_max,
            units_max: raw.limits.units_max,
            tracks_per_project: raw.limits.tracks_per_project,
        },
        rules: Rules {
            blind_review: raw.rules.blind_review,
            exclude_previous_winners: raw.rules.exclude_previous_winners,
            require_solution_contracts: raw.rules.require_solution_contracts,
            surface_prior_awards: raw.rules.surface_prior_awards,
            open_track: raw.rules.open_track,
            notes_zh: raw.rules.notes_zh,
        },
        tracks,
        indicators,
        checks,
        refs,
        cross: raw.cross,
    })
}

fn check_weight(what: &str, w: Option<f64>) -> Result<(), String> {
    match w {
        Some(w) if !w.is_finite() || w < 0.0 => Err(format!("indicator {what:?}: weight {w} must be a number ≥ 0")),
        _ => Ok(()),
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    conventions::ids::is_real_date(y, m, d)
}

// ---------------------------------------------------------------------------------------------
// Matching helpers
// ---------------------------------------------------------------------------------------------

/// Shortest part of a topic title that counts as naming it.
const TOPIC_MIN_CHARS: usize = 6;

/// Maps one character: full width → half width, every multiplication-sign look-alike → `×`,
/// ASCII lower case; `None` for spaces and punctuation.
fn normalize_char(c: char) -> Option<char> {
    let c = match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    match c {
        'x' | 'X' | '×' | '✕' | '✖' | '╳' | '⨯' | '*' => Some('×'),
        c if c.is_alphanumeric() => Some(c.to_ascii_lowercase()),
        _ => None,
    }
}

/// Returns the text without separators (for matching) and with each run of separators kept as
/// one space (for reading ordinals, so that `赛道2 3.` is not read as 23).
fn normalize(s: &str) -> (Vec<char>, Vec<char>) {
    let mut compact = Vec::with_capacity(s.len());
    let mut spaced = Vec::with_capacity(s.len());
    for c in s.chars() {
        match normalize_char(c) {
            Some(n) => {
                compact.push(n);
                spaced.push(n);
            }
            None => {
                if spaced.last().is_some_and(|&l| l != ' ') {
                    spaced.push(' ');
                }
            }
        }
    }
    (compact, spaced)
}

fn find(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Length of the longest common substring of `topic` and `text`, not counting the characters of
/// `text` inside `skip` (where the track's name was found: a name inside a topic title, as in
/// 提高工业制造决策科学性, still belongs to the topic, but a name alone does not name a topic).
fn longest_common(topic: &[char], text: &[char], skip: Option<(usize, usize)>) -> usize {
    let mut best = 0;
    let mut prev = vec![0usize; text.len() + 1];
    let mut cur = vec![0usize; text.len() + 1];
    for &ct in topic {
        for (j, &cx) in text.iter().enumerate() {
            let len = if ct == cx { prev[j] + 1 } else { 0 };
            cur[j + 1] = len;
            if len > 0 {
                let start = j + 1 - len;
                let overlap = skip.map_or(0, |(s, e)| (j + 1).min(e).saturating_sub(start.max(s)));
                best = best.max(len - overlap);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

/// The track's topic best named in `text` outside `skip`: (index, matched length).
fn best_topic(track: &Track, text: &[char], skip: Option<(usize, usize)>) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None; // (index, matched, title len)
    for (i, topic) in track.topics.iter().enumerate() {
        let t = normalize(topic).0;
        let len = longest_common(&t, text, skip);
        if len < TOPIC_MIN_CHARS.min(t.len()) || len == 0 {
            continue;
        }
        // More matched characters first, then the larger share of the title.
        let better = match best {
            None => true,
            Some((_, bl, btl)) => len > bl || (len == bl && t.len() < btl),
        };
        if better {
            best = Some((i, len, t.len()));
        }
    }
    best.map(|(i, len, _)| (i, len))
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Parses a Chinese numeral of 1–99 (`三`, `十`, `十二`, `二十`, `二十一`).
fn parse_cn(s: &[char]) -> Option<u32> {
    match s {
        [a] if *a == '十' => Some(10),
        [a] => cn_digit(*a).filter(|&d| d > 0),
        ['十', b] => cn_digit(*b).filter(|&d| d > 0).map(|d| 10 + d),
        [a, '十'] => cn_digit(*a).filter(|&d| d > 1).map(|d| d * 10),
        [a, '十', b] => {
            let tens = cn_digit(*a).filter(|&d| d > 1)?;
            let ones = cn_digit(*b).filter(|&d| d > 0)?;
            Some(tens * 10 + ones)
        }
        _ => None,
    }
}

fn is_numeral(c: char) -> bool {
    c == '十' || cn_digit(c).is_some()
}

/// Reads a numeral starting at `chars[0]`: ASCII digits, or the longest Chinese numeral.
fn numeral_after(chars: &[char]) -> Option<u32> {
    let digits: String = chars.iter().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    let run = chars.iter().take_while(|&&c| is_numeral(c)).take(3).count();
    (1..=run).rev().find_map(|n| parse_cn(&chars[..n]))
}

/// Reads a numeral ending just before `chars.len()`, preceded by `第`.
fn numeral_before(chars: &[char]) -> Option<u32> {
    let run = chars.iter().rev().take_while(|&&c| c.is_ascii_digit() || is_numeral(c)).count();
    let start = chars.len() - run;
    if run == 0 || start == 0 || chars[start - 1] != '第' {
        return None;
    }
    let num = &chars[start..];
    if num.iter().all(|c| c.is_ascii_digit()) {
        num.iter().collect::<String>().parse().ok()
    } else {
        parse_cn(num)
    }
}

/// Track ordinals written as `赛道N` or `第N赛道` (N in digits or Chinese).
fn ordinals(spaced: &[char]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < spaced.len() {
        if spaced[i] == '赛' && spaced[i + 1] == '道' {
            let after = &spaced[i + 2..];
            let after = after.strip_prefix(&[' ']).unwrap_or(after);
            if let Some(n) = numeral_after(after) {
                out.push(n);
            }
            if let Some(n) = numeral_before(&spaced[..i]) {
                out.push(n);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../pipelines/");

    fn load(id: &str) -> Pipeline {
        let path = format!("{DIR}{id}.toml");
        match Pipeline::load(Path::new(&path)) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn refs_resolve_against_the_pipeline_file() {
        let text = std::fs::read_to_string(format!("{DIR}shanxi-2025.toml")).unwrap();
        assert!(load("shanxi-2025").refs.is_empty());
        let text = format!("{text}\n[refs]\nexcluded = \"lists/excluded.csv\"\naffiliates = \"/abs/aff.xlsx\"\n");
        let dir = tempfile_dir();
        let path = dir.join("p.toml");
        std::fs::write(&path, &text).unwrap();
        let p = Pipeline::load(&path).unwrap();
        assert_eq!(
            p.refs,
            vec![
                ("affiliates".to_string(), std::path::PathBuf::from("/abs/aff.xlsx")),
                ("excluded".to_string(), dir.join("lists/excluded.csv")),
            ]
        );
        let bad = text.replace("[refs]", "[refs]\nwinners = 3");
        assert!(Pipeline::from_toml_str(&bad, "x").is_err());
        std::fs::remove_dir_all(&dir).ok();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("pipeline-refs-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn loads_all_five_contests() {
        let expected = [
            ("shanxi-2025", 9, 48, true, 0),
            ("national-2025", 14, 82, true, 0),
            ("hunan-2025", 14, 83, true, 3),
            ("guangdong-2025", 14, 83, true, 0),
            ("heilongjiang-2025", 12, 81, false, 3),
        ];
        for (id, tracks, topics, open, indicators) in expected {
            let p = load(id);
            assert_eq!(p.id, id);
            assert_eq!(p.template, "shanxi-2025", "{id}");
            assert_eq!(p.tracks.len(), tracks, "{id}: tracks");
            assert_eq!(p.topic_count(), topics, "{id}: topics");
            assert_eq!(p.rules.open_track, open, "{id}: open track");
            assert_eq!(p.indicators.len(), indicators, "{id}: indicators");
            assert_eq!(p.limits.team_max, 5, "{id}");
            assert_eq!(p.limits.units_max, 5, "{id}");
            assert_eq!(p.limits.tracks_per_project, 1, "{id}");
            let ids: Vec<u32> = p.tracks.iter().map(|t| t.id).collect();
            assert_eq!(ids, (1..=tracks as u32).collect::<Vec<_>>(), "{id}: ordinals");
            assert!(!p.rules.notes_zh.is_empty(), "{id}: notes");
            assert!(p.seed.starts_with(match id {
                "hunan-2025" => "000_",
                "national-2025" => "001_",
                "guangdong-2025" => "002_",
                "heilongjiang-2025" => "003_",
                _ => "004_",
            }));
        }
    }

    #[test]
    fn shanxi_has_nine_tracks_and_48_topics() {
        let p = load("shanxi-2025");
        let per_track: Vec<usize> = p.tracks.iter().map(|t| t.topics.len()).collect();
        assert_eq!(per_track, [7, 5, 8, 8, 5, 4, 3, 8, 0]);
        assert_eq!(p.topic_count(), 48);
        assert_eq!(p.tracks[0].name, "能源低碳");
        assert_eq!(p.tracks[0].title, "赛道一：数据要素×能源低碳领域赛题");
        assert_eq!(p.tracks[0].topics[0], "打造能源数据应用体系");
        assert_eq!(p.tracks[0].topics[1], "煤炭关键工序数字改造");
        assert_eq!(p.tracks[8].title, "赛道九：开创性创新赛道");
        assert!(p.rules.blind_review);
        assert!(p.rules.exclude_previous_winners);
        assert!(!p.rules.require_solution_contracts);
        assert_eq!(p.deadline, None);
    }

    #[test]
    fn contest_specific_rules() {
        let hunan = load("hunan-2025");
        assert_eq!(hunan.deadline.as_deref(), Some("2025-07-10"));
        assert!(!hunan.rules.exclude_previous_winners);
        let dims: Vec<&str> = hunan.indicators.iter().map(|i| i.dimension.as_str()).collect();
        assert_eq!(dims, ["先进性", "实效性", "示范性"]);
        let items: Vec<usize> = hunan.indicators.iter().map(|i| i.items.len()).collect();
        assert_eq!(items, [3, 2, 2]);

        let hlj = load("heilongjiang-2025");
        assert!(hlj.rules.require_solution_contracts);
        assert!(!hlj.rules.open_track);
        assert_eq!(hlj.indicators, hunan.indicators);
        assert_eq!(hlj.tracks[7].name, "医疗健康");
        assert_eq!(hlj.tracks[7].topics.len(), 10);

        let gd = load("guangdong-2025");
        assert!(gd.rules.surface_prior_awards);
        assert!(!load("national-2025").rules.surface_prior_awards);
    }

    fn m(track: usize, topic: Option<usize>) -> Option<TrackMatch> {
        Some(TrackMatch { track, topic })
    }

    #[test]
    fn find_track_recognises_how_teams_write_it() {
        let sx = load("shanxi-2025");
        let cases: &[(&str, Option<TrackMatch>)] = &[
            ("赛道二：数据要素×工业制造领域 / 提升服务型制造能力", m(1, Some(2))),
            ("数据要素×工业制造 — 3.提升服务型制造能力", m(1, Some(2))),
            ("工业制造领域赛题；方向：稳固产业链供应链", m(1, Some(3))),
            ("开创性创新赛道", m(8, None)),
            ("开放性创新赛道", m(8, None)),
            ("赛道2 数据要素x工业制造（三）提升服务型制造能力", m(1, Some(2))),
            ("数据要素Ｘ能源低碳　５．促进用能效率提升", m(0, Some(4))),
            ("赛道 八", m(7, None)),
            ("第三赛道：促进粮食安全数字化保障能力提高", m(2, Some(0))),
            ("民生服务（覆盖医疗、金融、商贸、气象等领域）-提升数字气象服务能力", m(7, Some(6))),
            ("煤炭关键工序数字改造", m(0, Some(1))),
            ("数据要素×文化旅游 沉浸式体验与文化IP", m(3, Some(1))),
            ("数据要素×文化旅游领域赛题 （五）AI大模型与文旅融合应用", m(3, Some(4))),
            // An explicit name outranks a wrong ordinal.
            ("赛道三：数据要素×工业制造", m(1, None)),
            // A topic outranks a bare ordinal.
            ("赛道2：促进粮食安全数字化保障能力提高", m(2, Some(0))),
            ("赛道2 3.提升服务型制造能力", m(1, Some(2))),
        ];
        for (written, expected) in cases {
            assert_eq!(sx.find_track(written), *expected, "shanxi: {written}");
        }

        let nat = load("national-2025");
        let cases: &[(&str, Option<TrackMatch>)] = &[
            ("赛道十四：开放性创新赛道 — 建设高质量垂直行业大模型数据集", m(13, Some(0))),
            ("数据要素×工业制造领域 提升服务型制造能力", m(0, Some(2))),
            ("赛道九：医疗保障 — 提升医保便民利企服务水平", m(8, Some(1))),
            ("赛道12", m(11, None)),
            ("赛道十二 （十二）提高城市发展决策科学性", m(11, Some(11))),
            // The name alone names no topic, though 金融服务领域 is part of topic 5's title.
            ("数据要素×金融服务领域", m(4, None)),
            ("赛道2：提高工业制造决策科学性", m(0, Some(1))),
        ];
        for (written, expected) in cases {
            assert_eq!(nat.find_track(written), *expected, "national: {written}");
        }

        let hlj = load("heilongjiang-2025");
        assert_eq!(hlj.find_track("数据要素×医疗健康 提升医保便民利企服务水平"), m(7, Some(6)));
        assert_eq!(hlj.find_track("开放性创新赛道"), None);
    }

    #[test]
    fn every_listed_topic_is_found_again() {
        for id in ["shanxi-2025", "national-2025", "hunan-2025", "guangdong-2025", "heilongjiang-2025"] {
            let p = load(id);
            for (ti, track) in p.tracks.iter().enumerate() {
                assert_eq!(p.find_track(&track.title), m(ti, None), "{id}: {}", track.title);
                for (k, topic) in track.topics.iter().enumerate() {
                    for written in [
                        format!("{} / {topic}", track.title),
                        format!("数据要素x{} — {}.{topic}", track.name, k + 1),
                        format!("赛道{}：{topic}", track.id),
                    ] {
                        assert_eq!(p.find_track(&written), m(ti, Some(k)), "{id}: {written}");
                    }
                }
            }
        }
    }

    #[test]
    fn find_track_rejects_what_is_not_a_track() {
        let sx = load("shanxi-2025");
        for written in [
            "",
            "   ",
            "无",
            "数据要素×",
            "数据要素×航空航天",
            "赛道十",
            "赛道20",
            "赛道及参赛方向",
            "人工智能",
            "金融服务",
            "提升服务",
            // Two tracks named, neither more precisely.
            "工业制造 现代农业",
        ] {
            assert_eq!(sx.find_track(written), None, "shanxi: {written:?}");
        }
        let nat = load("national-2025");
        assert_eq!(nat.find_track("数据要素×能源低碳"), None);
    }

    const MINIMAL: &str = r#"
schema_version = 1
id = "t"
name_zh = "测试"
seed = "x.txt"
template = "shanxi-2025"
[limits]
team_max = 5
units_max = 5
tracks_per_project = 1
[rules]
[[tracks]]
id = 1
name = "工业制造"
title = "赛道一：数据要素×工业制造领域赛题"
"#;

    #[test]
    fn minimal_file_loads() {
        let p = match Pipeline::from_toml_str(MINIMAL, "minimal.toml") {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(p.tracks.len(), 1);
        assert!(p.indicators.is_empty());
    }

    fn error(text: &str) -> String {
        match Pipeline::from_toml_str(text, "bad.toml") {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn errors_name_the_file_and_the_problem() {
        let e = error(&MINIMAL.replace("[rules]", "[rules]\nblind = true"));
        assert!(e.starts_with("bad.toml:"), "{e}");
        assert!(e.contains("unknown field `blind`"), "{e}");

        let e = error(&format!("{MINIMAL}\n[[tracks]]\nid = 1\nname = \"农业\"\ntitle = \"赛道一\"\n"));
        assert!(e.contains("track id 1 is used twice"), "{e}");

        let e = error(&MINIMAL.replace("team_max = 5", "team_max = 0"));
        assert!(e.contains("limits.team_max"), "{e}");

        let head = &MINIMAL[..MINIMAL.find("[[tracks]]").unwrap_or(MINIMAL.len())];
        let e = error(head);
        assert!(e.contains("at least one track"), "{e}");

        let e = error(
            &MINIMAL.replace("template = \"shanxi-2025\"", "template = \"shanxi-2025\"\ndeadline = \"2025-7-10\""),
        );
        assert!(e.contains("deadline"), "{e}");

        let e = error(&format!(
            "{MINIMAL}\n[[tracks]]\nid = 2\nname = \"农业\"\ntitle = \"赛道二\"\naliases = [\"工业 制造\"]\n"
        ));
        assert!(e.contains("also a spelling of track 1"), "{e}");

        let e = error(&MINIMAL.replace("schema_version = 1", "schema_version = 2"));
        assert!(e.contains("schema_version 2"), "{e}");

        let missing = Pipeline::load(Path::new("/nonexistent/pipeline.toml"));
        assert!(matches!(missing, Err(PipelineError::Read { .. })));
    }

    #[test]
    fn numerals_and_normalization() {
        assert_eq!(parse_cn(&['十', '四']), Some(14));
        assert_eq!(parse_cn(&['二', '十']), Some(20));
        assert_eq!(parse_cn(&['三', '一']), None);
        assert_eq!(ordinals(&normalize("赛道十一：…").1), [11]);
        assert_eq!(ordinals(&normalize("赛道三一体化").1), [3]);
        assert_eq!(ordinals(&normalize("第2赛道").1), [2]);
        assert_eq!(ordinals(&normalize("赛道2 3.").1), [2]);
        assert_eq!(normalize("数据要素Ｘ工业 制造").0, normalize("数据要素×工业制造").0);
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2025-02-29"));
    }

    #[test]
    fn cross_table_is_optional_checked_and_typo_proof() {
        let p = Pipeline::from_toml_str(MINIMAL, "min.toml").unwrap();
        assert_eq!(p.cross, CrossSettings::default());
        let p = Pipeline::from_toml_str(
            &format!("{MINIMAL}\n[cross]\ntext_containment = 0.6\nmin_file_bytes = 2048\n"),
            "x",
        )
        .unwrap();
        assert_eq!(p.cross.text_containment, Some(0.6));
        assert_eq!(p.cross.min_file_bytes, Some(2048));
        let e = error(&format!("{MINIMAL}\n[cross]\ntext_containmnet = 0.6\n"));
        assert!(e.contains("unknown field `text_containmnet`"), "{e}");
        let e = error(&format!("{MINIMAL}\n[cross]\ntext_jaccard = 1.5\n"));
        assert!(e.contains("cross.text_jaccard"), "{e}");
    }
}
