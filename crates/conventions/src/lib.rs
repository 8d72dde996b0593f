//! The conventions form-review staff already use (PRODUCT.md, "Conventions"): pure functions.
//!
//! * [`wordcount`]: Microsoft Word 字数统计.
//! * [`ids`]: 统一社会信用代码 (GB 32100-2015), 居民身份证号码 (GB 11643-1999), patent numbers,
//!   软件著作权登记号, phone numbers: validators and finders over free text.
//! * [`money`]: money in 万元 and plain numbers as teams write them.
//! * [`normalize`]: width folding, organisation names and form labels for matching.
//! * [`mask`]: masking identifiers for display and blind review.
//!
//! Nothing here does IO, prints, or allocates more than its output needs.

#![warn(missing_docs)]

pub mod ids;
pub mod mask;
pub mod money;
pub mod normalize;
pub mod wordcount;
