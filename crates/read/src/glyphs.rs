//! Checkbox glyphs: which characters and symbol-font codes mean checked or unchecked.
//!
//! PRODUCT.md lists the conventions. Symbol fonts (Wingdings, Wingdings 2) are written either
//! as `w:sym` with a code in the private-use range U+F0xx, or as ordinary characters in a run
//! whose font is the symbol font (`þ` in Wingdings is the same glyph as U+F0FE).

/// Whether a Unicode character is a checkbox mark on its own: `Some(true)` checked,
/// `Some(false)` unchecked, `None` not a box.
pub fn unicode_state(c: char) -> Option<bool> {
    match c {
        '☑' | '☒' | '■' | '▣' | '√' | '✓' | '✔' | '🗹' | '🗷' => Some(true),
        '☐' | '□' | '▢' | '❏' | '❑' | '🗆' => Some(false),
        _ => private_use_state(c),
    }
}

/// The state of a symbol-font character written in the private-use range (U+F0xx), whatever
/// the font (the codes below do not collide between Wingdings and Wingdings 2 for boxes).
pub fn private_use_state(c: char) -> Option<bool> {
    match c as u32 {
        0xF0FE | 0xF0FD | 0xF052 | 0xF054 | 0xF0FC | 0xF078 => Some(true),
        0xF0A8 | 0xF0A3 | 0xF06F | 0xF071 | 0xF0A1 => Some(false),
        _ => None,
    }
}

/// The state of character `code` in symbol font `font` (`Wingdings`, `Wingdings 2`, …), for
/// `w:sym` and for runs set in a symbol font.
pub fn symbol_font_state(font: &str, code: u32) -> Option<bool> {
    let low = code & 0xFF;
    let f = font.trim().to_ascii_lowercase();
    if f.starts_with("wingdings 2") || f == "wingdings2" {
        return match low {
            0x52 | 0x54 | 0x50 | 0x51 => Some(true), // R ☑, T ☒, P ✓, Q ✗-box variants
            0xA3 | 0x2A | 0xA2 => Some(false),       // £ ☐, * □
            _ => None,
        };
    }
    if f.starts_with("wingdings") {
        return match low {
            0xFE | 0xFD | 0xFC | 0x78 => Some(true),  // þ ☑, ý ☒, ü ✓, x ☒
            0xA8 | 0x6F | 0x71 | 0xA1 => Some(false), // ¨ ☐, o □, q ❑
            _ => None,
        };
    }
    if f == "symbol" {
        return match low {
            0xD6 => Some(true), // √
            _ => None,
        };
    }
    None
}

/// True when a font name is a symbol font whose characters must not be read as text.
pub fn is_symbol_font(font: &str) -> bool {
    let f = font.trim().to_ascii_lowercase();
    f.starts_with("wingdings") || f == "webdings" || f == "symbol" || f.starts_with("ms outlook")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_md_conventions() {
        for c in ['☑', '☒', '■', '▣', '√', '✓', '✔', '\u{F0FE}', '\u{F0FD}', '\u{F052}', '\u{F054}'] {
            assert_eq!(unicode_state(c), Some(true), "{c:?}");
        }
        for c in ['☐', '□', '\u{F0A8}', '\u{F0A3}'] {
            assert_eq!(unicode_state(c), Some(false), "{c:?}");
        }
        assert_eq!(unicode_state('口'), None);
        assert_eq!(symbol_font_state("Wingdings", 0xF0FE), Some(true));
        assert_eq!(symbol_font_state("Wingdings", 0xA8), Some(false));
        assert_eq!(symbol_font_state("Wingdings 2", 0xF052), Some(true));
        assert_eq!(symbol_font_state("Wingdings 2", 0xF0A3), Some(false));
        assert_eq!(symbol_font_state("Arial", 0xF0FE), None);
    }
}
