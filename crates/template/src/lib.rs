//! The form as data: loads `templates/<id>/template.toml` into a resolved [`Template`], and
//! contest pipelines (`pipelines/*.toml`) into a `Pipeline`.
//!
//! Loading is two-stage (raw → resolved): the raw structs mirror the TOML exactly and reject
//! unknown keys; resolution checks cross-references (a field's section exists, a `within`
//! names a container) so that the matcher never meets an inconsistent template.
//!
//! ```
//! let t = template::Template::load_named("shanxi-2025", template::default_templates_dir()).unwrap();
//! assert!(t.field("narrative.background").unwrap().word_limit == Some(500));
//! ```

mod form;
mod pipeline;

pub use form::{
    ChoiceGroup, ChoiceSpec, Column, FieldKind, FieldSpec, FillItem, Scope, Section, TableSpec, Template, TemplateError,
};
pub use pipeline::{
    CheckSetting, CrossSettings, Indicator, IndicatorItem, Limits, Pipeline, PipelineError, Rules, Track, TrackMatch,
    PIPELINE_SCHEMA_VERSION,
};

/// The `templates/` folder of this source tree (used when no other is configured).
pub fn default_templates_dir() -> &'static std::path::Path {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates"))
}

/// The `pipelines/` folder of this source tree.
pub fn default_pipelines_dir() -> &'static std::path::Path {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../pipelines"))
}
