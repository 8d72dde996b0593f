//! Deterministic mutations for the stable smoke test: a seeded generator and the classic
//! byte-level mutations (bit flips, byte insertions, overwrites with boundary values,
//! truncations, chunk duplication). Not a fuzzer — no coverage feedback — but it runs the readers
//! over thousands of broken files on stable, the same ones on every run.

/// A small seeded generator (SplitMix64): the same seed gives the same mutants everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Values that tend to sit on a parser's boundaries (lengths, counts, offsets).
const BOUNDARY: &[&[u8]] = &[
    &[0x00],
    &[0xff],
    &[0x7f],
    &[0x80],
    &[0xff, 0xff],
    &[0x00, 0x80],
    &[0xff, 0xff, 0xff, 0xff],
    &[0xff, 0xff, 0xff, 0x7f],
    &[0x00, 0x00, 0x00, 0x80],
    b"999999999",
    b"-1",
];

/// One mutant of `seed`: one to four mutations applied in turn.
pub fn mutant(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        mutate_once(&mut data, rng);
    }
    data
}

fn mutate_once(data: &mut Vec<u8>, rng: &mut Rng) {
    let len = data.len();
    match rng.below(6) {
        // Flip one to eight bits.
        0 if len > 0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
        }
        // Insert one to sixteen random bytes.
        1 => {
            let at = rng.below(len + 1);
            let n = 1 + rng.below(16);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
            data.splice(at..at, bytes);
        }
        // Overwrite with a boundary value.
        2 if len > 0 => {
            let v = BOUNDARY[rng.below(BOUNDARY.len())];
            let at = rng.below(len);
            for (k, &b) in v.iter().enumerate() {
                if let Some(d) = data.get_mut(at + k) {
                    *d = b;
                }
            }
        }
        // Truncate.
        3 if len > 0 => data.truncate(rng.below(len)),
        // Duplicate a chunk somewhere else (repeated records, sections, objects).
        4 if len > 0 => {
            let start = rng.below(len);
            let n = 1 + rng.below((len - start).min(4096));
            let chunk = data[start..start + n].to_vec();
            let at = rng.below(len + 1);
            data.splice(at..at, chunk);
        }
        // Remove a chunk.
        5 if len > 0 => {
            let start = rng.below(len);
            let n = 1 + rng.below((len - start).min(256));
            data.drain(start..start + n);
        }
        _ => data.push(rng.next_u64() as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic() {
        let seed = b"PK\x03\x04 some bytes to mutate";
        let a: Vec<Vec<u8>> = (0..50).scan(Rng::new(7), |r, _| Some(mutant(seed, r))).collect();
        let b: Vec<Vec<u8>> = (0..50).scan(Rng::new(7), |r, _| Some(mutant(seed, r))).collect();
        assert_eq!(a, b);
        assert!(a.iter().any(|m| m.as_slice() != seed));
        let _ = mutant(b"", &mut Rng::new(1));
    }
}
