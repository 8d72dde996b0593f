//! Valid identifiers with their check characters: 统一社会信用代码 (GB 32100-2015, with a
//! GB 11714 organisation code inside), 居民身份证号码 (GB 11643-1999), Chinese patent
//! numbers (post-2003 12-digit form), 软著登记号 and mainland mobile numbers. All fictitious.

use crate::rng::Rng;

const CREDIT_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// The GB 32100 check character for the first 17 characters of a credit code.
pub fn credit_check(first17: &str) -> char {
    let sum: u32 = first17
        .bytes()
        .zip(CREDIT_WEIGHTS)
        .map(|(b, w)| {
            let v = CREDIT_ALPHABET.iter().position(|&c| c == b).expect("credit code alphabet") as u32;
            v * w
        })
        .sum();
    let c = (31 - sum % 31) % 31;
    CREDIT_ALPHABET[c as usize] as char
}

/// The GB 11714 check character for an 8-digit organisation code body.
pub fn org_code_check(first8: &str) -> char {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first8.bytes().zip(W).map(|(b, w)| (b - b'0') as u32 * w).sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from(b'0' + n as u8),
    }
}

/// A valid credit code: `kind` is the two-character registration prefix (`91` enterprise,
/// `12` public institution …), `region` a 6-digit division code.
pub fn credit_code(rng: &mut Rng, kind: &str, region: &str) -> String {
    let body: String = (0..8).map(|_| char::from(b'0' + rng.below(10) as u8)).collect();
    let first17 = format!("{kind}{region}{body}{}", org_code_check(&body));
    let c = credit_check(&first17);
    format!("{first17}{c}")
}

/// The GB 11643 check character for the first 17 digits of an ID number.
pub fn id_check(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17.bytes().zip(W).map(|(b, w)| (b - b'0') as u32 * w).sum();
    C[(sum % 11) as usize] as char
}

/// A valid 18-digit ID number for someone born between 1968 and 1999 in `region`.
pub fn id_number(rng: &mut Rng, region: &str) -> String {
    let y = rng.range(1968, 1999);
    let m = rng.range(1, 12);
    let days = match m {
        2 if y.is_multiple_of(4) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let d = rng.range(1, days);
    let seq = rng.range(1, 999);
    let first17 = format!("{region}{y:04}{m:02}{d:02}{seq:03}");
    let c = id_check(&first17);
    format!("{first17}{c}")
}

/// The check character of a 12-digit patent application number.
pub fn patent_check(digits12: &str) -> char {
    const W: [u32; 12] = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
    let sum: u32 = digits12.bytes().zip(W).map(|(b, w)| (b - b'0') as u32 * w).sum();
    match sum % 11 {
        10 => 'X',
        n => char::from(b'0' + n as u8),
    }
}

/// A patent number: year, type (1 invention, 2 utility model), 7-digit serial, with the
/// check digit; `(canonical "ZL202310123456.7", the 12 digits, check)`.
pub fn patent(rng: &mut Rng) -> (String, String, char) {
    let year = rng.range(2019, 2024);
    let kind = if rng.chance(60) { 1 } else { 2 };
    let serial = rng.range(100_000, 1_999_999);
    let digits = format!("{year}{kind}{serial:07}");
    let c = patent_check(&digits);
    (format!("ZL{digits}.{c}"), digits, c)
}

/// The patent number spelled one of the ways teams write it (`style` 0–4).
pub fn patent_spelling(digits: &str, check: char, style: u64) -> String {
    let (y, t, s) = (&digits[..4], &digits[4..5], &digits[5..]);
    match style % 5 {
        0 => format!("ZL{digits}.{check}"),
        1 => format!("ZL {y} {t} {s}.{check}"),
        2 => format!("{digits}.{check}"),
        3 => format!("ZL{digits}{check}"),
        _ => format!("ZL {y}{t}{s}.{check}"),
    }
}

/// A software copyright registration number such as `2023SR0123456`.
pub fn software_copyright(rng: &mut Rng) -> String {
    format!("{}SR{:07}", rng.range(2019, 2024), rng.range(10_000, 1_999_999))
}

/// A valid mainland mobile number.
pub fn mobile(rng: &mut Rng) -> String {
    const PREFIX: [&str; 12] = ["135", "136", "137", "138", "139", "150", "151", "152", "158", "180", "186", "199"];
    format!("{}{:08}", rng.pick(&PREFIX), rng.below(100_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_credit_code() {
        // A published example code: 91350100M000100Y43.
        assert_eq!(credit_check("91350100M000100Y4"), '3');
    }

    #[test]
    fn known_id_number() {
        // The GB 11643 standard's example: 11010519491231002X.
        assert_eq!(id_check("11010519491231002"), 'X');
    }

    #[test]
    fn known_patent_number() {
        // ZL200310102344.5 (check digit worked by hand: Σ = 137, 137 mod 11 = 5).
        assert_eq!(patent_check("200310102344"), '5');
    }

    #[test]
    fn generated_ids_are_valid() {
        let mut r = Rng::new(9);
        for _ in 0..50 {
            let id = id_number(&mut r, "140105");
            assert_eq!(id_check(&id[..17]), id.chars().last().unwrap());
            let cc = credit_code(&mut r, "91", "140100");
            assert_eq!(credit_check(&cc[..17]), cc.chars().last().unwrap());
            assert!(mobile(&mut r).len() == 11);
        }
    }
}
