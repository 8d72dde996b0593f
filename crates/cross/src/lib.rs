//! Cross-dossier matching: what dossiers of a batch share, and what they share with earlier
//! runs of other contests.
//!
//! Two halves, both pure (no IO but the optional [`Spill`] file a caller opens for the prints'
//! thumbnails and texts):
//!
//! * [`print`] — the fingerprint of one dossier ([`DossierPrint`]), computed in the parallel
//!   stage: SHA-256 of every file, perceptual hashes and thumbnails of every picture
//!   ([`imagehash`]), MinHash signatures of the narrative sections with the template's own
//!   wording left out ([`text`]), keyed hashes (HMAC-SHA256) of ID numbers and phones, e-mail
//!   domains, addresses, credit codes, unit names, the project name and claimed IP numbers.
//!   Serde types: `fingerprints.jsonl` holds one per line.
//! * [`analyse`] — the cross stage over all fingerprints: hash joins and LSH banding, never all
//!   pairs; returns findings (one per dossier involved, naming the others) and clusters.
//!
//! ```
//! let cx = cross::Context::new(cross::Config::default(), ["项目名称"], cross::DEFAULT_KEY);
//! let a = cross::print::dossier("A", vec![], None, &cx);
//! let out = cross::analyse(&[a], &[], &cx);
//! assert!(out.findings.is_empty());
//! ```

mod analyse;
pub mod imagehash;
pub mod print;
mod records;
pub mod text;

pub use analyse::{analyse, analyse_spilled, Cluster, CrossOutput, CrossRecords, Member, OtherRun};
pub use print::{Context, DossierPrint, FilePrint, ImagePrint, Signature, Spill, DEFAULT_KEY};

/// Thresholds and sizes of the matching (the pipeline's `[cross]` table).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Files smaller than this are not reported as duplicates (empty placeholders, tiny icons).
    pub min_file_bytes: u64,
    /// Candidate pictures: DCT hashes at most this many bits apart (of 64).
    pub image_max_distance: u32,
    /// Confirmed pictures: aligned thumbnails differ in at most this share of pixels.
    pub image_max_residual: f64,
    /// Each picture is aligned with at most this many candidates, its nearest by hash: pictures
    /// of one layout (every business licence) are all near each other, and aligning them all
    /// would grow with the square of the batch.
    pub image_max_candidates: usize,
    /// Characters per shingle.
    pub shingle: usize,
    /// Sections shorter than this (normalised characters) are not compared.
    pub text_min_chars: usize,
    /// LSH bands of the MinHash signature.
    pub minhash_bands: usize,
    /// Rows (hash values) per band.
    pub minhash_rows: usize,
    /// A shingle found in more than this share of the batch's dossiers is boilerplate.
    pub df_max_share: f64,
    /// … and in more than this many dossiers (small batches).
    pub df_min_count: usize,
    /// Report when this share of one section's shingles (after discounting) is in the other.
    pub text_containment: f64,
    /// Or when the two sections' resemblance (Jaccard) reaches this.
    pub text_jaccard: f64,
    /// Shared shingles needed at least, whatever the ratios (short sections).
    pub text_min_shared: usize,
    /// Addresses shorter than this (normalised characters) are not compared.
    pub address_min_chars: usize,
    /// Unit names at most one character apart count as near-identical from this length on.
    pub unit_name_min_chars: usize,
    /// LSH buckets holding more than this many entries are skipped as boilerplate.
    pub max_bucket: usize,
    /// A contact key (phone, e-mail domain, address, credit code, unit name) shared by more
    /// dossiers than this gets, in each, a finding that counts the others and names the first
    /// of them, not all: the full list is the cluster's. The same for a section whose text
    /// matches more sections than this (those with the longest shared runs are listed). Every
    /// dossier listing every other made the findings grow with the square of the group (338 MB
    /// at 5,000 bench dossiers, one e-mail domain shared by 435). A shared e-mail domain or
    /// address that common is an institution's or a business park's: such findings are `info`.
    pub link_list_max: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            min_file_bytes: 1024,
            image_max_distance: 12,
            image_max_residual: 0.02,
            image_max_candidates: 8,
            shingle: 8,
            text_min_chars: 60,
            minhash_bands: 32,
            minhash_rows: 3,
            df_max_share: 0.05,
            df_min_count: 3,
            text_containment: 0.5,
            text_jaccard: 0.4,
            text_min_shared: 20,
            address_min_chars: 8,
            unit_name_min_chars: 8,
            max_bucket: 200,
            link_list_max: 20,
        }
    }
}
