//! The conventions form-review staff already use (PRODUCT.md, "Conventions"): pure functions.
