//! Narrative text: normalisation, character shingles, MinHash, and the verification of a
//! candidate pair (resemblance, containment both ways, longest verbatim run).

use std::collections::HashSet;

use conventions::normalize::fold_char;

/// A text reduced to what matters for copying: letters, digits and ideographs, lower-cased,
/// width-folded; white space and punctuation dropped. `map[i]` is the index (in chars) of the
/// i-th kept character in the original, so a passage found here can be cut from the original.
pub struct Normal {
    /// The kept characters.
    pub chars: Vec<char>,
    /// Original char index of each kept character.
    pub map: Vec<usize>,
}

/// Normalises `text` (see [`Normal`]).
pub fn normalise(text: &str) -> Normal {
    let mut chars = Vec::new();
    let mut map = Vec::new();
    for (i, c) in text.chars().enumerate() {
        let c = fold_char(c);
        if c.is_alphanumeric() {
            chars.extend(c.to_lowercase());
            while map.len() < chars.len() {
                map.push(i);
            }
        }
    }
    Normal { chars, map }
}

/// 64-bit FNV-1a then a mix, over a window of characters.
fn hash_chars(w: &[char]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in w {
        for b in (*c as u32).to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    mix(h)
}

/// SplitMix64 finaliser.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hashes of every `k`-character shingle of a normalised text, in order (repeats kept).
pub fn shingles(chars: &[char], k: usize) -> Vec<u64> {
    if chars.len() < k || k == 0 {
        return Vec::new();
    }
    chars.windows(k).map(hash_chars).collect()
}

/// Shingle hashes of the template's own wording (labels, hints, titles), which every form
/// repeats and which therefore say nothing about copying.
pub fn template_shingles<'a>(phrases: impl IntoIterator<Item = &'a str>, k: usize) -> HashSet<u64> {
    phrases.into_iter().flat_map(|p| shingles(&normalise(p).chars, k)).collect()
}

/// MinHash signature of a set of shingle hashes with `n` hash functions (0 values when empty).
pub fn minhash(set: &HashSet<u64>, n: usize) -> Vec<u32> {
    let mut sig = vec![u32::MAX; n];
    if set.is_empty() {
        return vec![0; n];
    }
    for &h in set {
        for (i, slot) in sig.iter_mut().enumerate() {
            let v = (mix(h ^ (0x9E37_79B9_7F4A_7C15u64.wrapping_mul(i as u64 + 1))) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    sig
}

/// The longest run of characters common to `a` and `b`: (length, start in a, start in b); of
/// several runs that long, the one starting first in `a`, then first in `b`.
///
/// Binary search on the length: a common run of length `L` implies one of every shorter length,
/// and whether one of length `L` exists is answered with rolling hashes of the windows of `b`,
/// sorted, looked up from the windows of `a` and confirmed character by character (a hash
/// collision costs a comparison, never a wrong answer). O((|a|+|b|)·log(|a|+|b|)·log min) time:
/// two copies of a 20,000-character section take milliseconds, where the dynamic programming of
/// [`longest_common_run_dp`] took seconds.
pub fn longest_common_run(a: &[char], b: &[char]) -> (usize, usize, usize) {
    let (mut lo, mut hi) = (0usize, a.len().min(b.len()));
    let mut best = (0usize, 0usize, 0usize);
    // Invariant: a run of length `lo` exists (`best`), none of length `hi + 1`.
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        match common_window(a, b, mid) {
            Some((ia, ib)) => {
                best = (mid, ia, ib);
                lo = mid;
            }
            None => hi = mid - 1,
        }
    }
    best
}

/// Base of the rolling hash (odd, arbitrary); arithmetic wraps (mod 2^64).
const ROLL_BASE: u64 = 0x100_0000_01b3_9e37;

/// Rolling hashes of every `len`-character window of `s`, in order.
fn window_hashes(s: &[char], len: usize) -> Vec<u64> {
    if len == 0 || s.len() < len {
        return Vec::new();
    }
    let top = (1..len).fold(1u64, |p, _| p.wrapping_mul(ROLL_BASE)); // ROLL_BASE^(len-1)
    let value = |c: char| u64::from(c as u32) + 1;
    let mut h = s[..len].iter().fold(0u64, |h, &c| h.wrapping_mul(ROLL_BASE).wrapping_add(value(c)));
    let mut out = Vec::with_capacity(s.len() - len + 1);
    out.push(h);
    for i in len..s.len() {
        h = h.wrapping_sub(value(s[i - len]).wrapping_mul(top)).wrapping_mul(ROLL_BASE).wrapping_add(value(s[i]));
        out.push(h);
    }
    out
}

/// The first window of `a` of length `len` found in `b` (start in a, first start in b).
fn common_window(a: &[char], b: &[char], len: usize) -> Option<(usize, usize)> {
    if len == 0 {
        return Some((0, 0));
    }
    let mut in_b: Vec<(u64, u32)> = window_hashes(b, len).into_iter().enumerate().map(|(j, h)| (h, j as u32)).collect();
    in_b.sort_unstable();
    for (i, h) in window_hashes(a, len).into_iter().enumerate() {
        let from = in_b.partition_point(|x| x.0 < h);
        for &(hb, j) in &in_b[from..] {
            if hb != h {
                break;
            }
            let j = j as usize;
            if a[i..i + len] == b[j..j + len] {
                return Some((i, j));
            }
        }
    }
    None
}

/// [`longest_common_run`] by dynamic programming over one row: O(|a|·|b|) time, O(|b|) memory.
/// Kept as the reference the fast version is tested against.
pub fn longest_common_run_dp(a: &[char], b: &[char]) -> (usize, usize, usize) {
    let mut prev = vec![0u32; b.len() + 1];
    let mut cur = vec![0u32; b.len() + 1];
    let mut best = (0usize, 0usize, 0usize);
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            cur[j] = if a[i - 1] == b[j - 1] { prev[j - 1] + 1 } else { 0 };
            if cur[j] as usize > best.0 {
                best = (cur[j] as usize, i - cur[j] as usize, j - cur[j] as usize);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_keeps_a_map_into_the_original() {
        let n = normalise("数据， 要素ＡＢ!");
        assert_eq!(n.chars.iter().collect::<String>(), "数据要素ab");
        assert_eq!(n.map, vec![0, 1, 4, 5, 6, 7]);
    }

    #[test]
    fn longest_run_finds_the_shared_passage() {
        let a: Vec<char> = "甲乙丙丁戊己庚辛".chars().collect();
        let b: Vec<char> = "子丑丙丁戊己寅".chars().collect();
        assert_eq!(longest_common_run(&a, &b), (4, 2, 2));
    }

    #[test]
    fn fast_run_agrees_with_the_dynamic_programming() {
        // Small alphabets make many equal runs, so ties (first in a, then first in b) are tried.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed = mix(seed);
            seed
        };
        for round in 0..400 {
            let alphabet: Vec<char> = "数据要素ab".chars().take(2 + round % 5).collect();
            let len_a = (next() % 60) as usize;
            let len_b = (next() % 60) as usize;
            let a: Vec<char> = (0..len_a).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let b: Vec<char> = (0..len_b).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let (fast, dp) = (longest_common_run(&a, &b), longest_common_run_dp(&a, &b));
            assert_eq!(fast.0, dp.0, "{a:?} / {b:?}");
            if dp.0 > 0 {
                assert_eq!(fast, dp, "{a:?} / {b:?}");
            }
        }
    }

    #[test]
    fn fast_run_of_two_long_copies_is_their_length() {
        let a: Vec<char> = (0..20_000).map(|i| char::from_u32(0x4e00 + (i * 7919 % 20_000) as u32).unwrap()).collect();
        let mut b = vec!['甲'; 37];
        b.extend_from_slice(&a[100..]);
        assert_eq!(longest_common_run(&a, &b), (a.len() - 100, 100, 37));
    }

    #[test]
    fn minhash_estimates_resemblance() {
        let a: HashSet<u64> = (0..1000).collect();
        let b: HashSet<u64> = (500..1500).collect();
        let (sa, sb) = (minhash(&a, 256), minhash(&b, 256));
        let est = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / 256.0;
        assert!((est - 1.0 / 3.0).abs() < 0.1, "{est}");
    }
}
