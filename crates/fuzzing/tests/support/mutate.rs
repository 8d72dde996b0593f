//! Deterministic mutations for the stable smoke test: the classic byte-level mutations (bit
//! flips, byte insertions, overwrites with boundary values, truncations, chunk duplication and
//! removal) drawn from samplegen's seeded generator. Not a fuzzer — no coverage feedback — but it
//! runs the readers over a couple of thousand broken files on stable, the same ones on every run.

pub(crate) use samplegen::rng::Rng;

/// A number in `0..n` (`0` when `n` is 0).
fn below(rng: &mut Rng, n: usize) -> usize {
    rng.below(n as u64) as usize
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
pub(crate) fn mutant(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + below(rng, 4) {
        mutate_once(&mut data, rng);
    }
    data
}

fn mutate_once(data: &mut Vec<u8>, rng: &mut Rng) {
    let len = data.len();
    match below(rng, 6) {
        // Flip one to eight bits.
        0 if len > 0 => {
            for _ in 0..1 + below(rng, 8) {
                let i = below(rng, len);
                data[i] ^= 1 << below(rng, 8);
            }
        }
        // Insert one to sixteen random bytes.
        1 => {
            let at = below(rng, len + 1);
            let n = 1 + below(rng, 16);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
            data.splice(at..at, bytes);
        }
        // Overwrite with a boundary value.
        2 if len > 0 => {
            let v = BOUNDARY[below(rng, BOUNDARY.len())];
            let at = below(rng, len);
            for (k, &b) in v.iter().enumerate() {
                if let Some(d) = data.get_mut(at + k) {
                    *d = b;
                }
            }
        }
        // Truncate.
        3 if len > 0 => data.truncate(below(rng, len)),
        // Duplicate a chunk somewhere else (repeated records, sections, objects).
        4 if len > 0 => {
            let start = below(rng, len);
            let n = 1 + below(rng, (len - start).min(4096));
            let chunk = data[start..start + n].to_vec();
            let at = below(rng, len + 1);
            data.splice(at..at, chunk);
        }
        // Remove a chunk.
        5 if len > 0 => {
            let start = below(rng, len);
            let n = 1 + below(rng, (len - start).min(256));
            data.drain(start..start + n);
        }
        _ => data.push(rng.next_u64() as u8),
    }
}

#[test]
fn mutants_are_deterministic() {
    let seed = b"PK\x03\x04 some bytes to mutate";
    let a: Vec<Vec<u8>> = (0..50).scan(Rng::new(7), |r, _| Some(mutant(seed, r))).collect();
    let b: Vec<Vec<u8>> = (0..50).scan(Rng::new(7), |r, _| Some(mutant(seed, r))).collect();
    assert_eq!(a, b);
    assert!(a.iter().any(|m| m.as_slice() != seed));
    let _ = mutant(b"", &mut Rng::new(1));
}
