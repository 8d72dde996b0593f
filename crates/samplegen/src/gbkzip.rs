//! A hand-written zip writer for dossiers that arrive as one `.zip` made on a Chinese
//! Windows machine: entry names encoded in GBK with the UTF-8 flag (bit 11) clear, local
//! headers + central directory + end record, entries stored or deflated, CRC-32 via
//! `crc32fast`, fixed DOS timestamps (1980-01-01 00:00) so output is reproducible.

use std::io::Write as _;

/// How an entry's data is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Stored (method 0).
    Stored,
    /// Raw deflate (method 8).
    Deflated,
}

/// DOS date 1980-01-01.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;

fn u16le(o: &mut Vec<u8>, v: u16) {
    o.extend_from_slice(&v.to_le_bytes());
}

fn u32le(o: &mut Vec<u8>, v: u32) {
    o.extend_from_slice(&v.to_le_bytes());
}

/// Encodes a name in GBK (panics on a character GBK cannot hold: names are ours).
pub fn gbk(name: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::GBK.encode(name);
    assert!(!bad, "name not encodable in GBK: {name}");
    bytes.into_owned()
}

/// Builds a zip of `(name, data, method)` entries with GBK-encoded names.
pub fn write(entries: &[(&str, &[u8], Method)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, method) in entries {
        let name = gbk(name);
        let crc = crc32fast::hash(data);
        let payload = match method {
            Method::Stored => data.to_vec(),
            Method::Deflated => {
                let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
                e.write_all(data).expect("deflate");
                e.finish().expect("deflate")
            }
        };
        let code: u16 = match method {
            Method::Stored => 0,
            Method::Deflated => 8,
        };
        let offset = out.len() as u32;
        // Local file header.
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, 20); // version needed
        u16le(&mut out, 0); // flags: no UTF-8 bit
        u16le(&mut out, code);
        u16le(&mut out, DOS_TIME);
        u16le(&mut out, DOS_DATE);
        u32le(&mut out, crc);
        u32le(&mut out, payload.len() as u32);
        u32le(&mut out, data.len() as u32);
        u16le(&mut out, name.len() as u16);
        u16le(&mut out, 0); // extra length
        out.extend_from_slice(&name);
        out.extend_from_slice(&payload);
        // Central directory entry.
        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, 20); // version made by: MS-DOS, 2.0
        u16le(&mut central, 20);
        u16le(&mut central, 0);
        u16le(&mut central, code);
        u16le(&mut central, DOS_TIME);
        u16le(&mut central, DOS_DATE);
        u32le(&mut central, crc);
        u32le(&mut central, payload.len() as u32);
        u32le(&mut central, data.len() as u32);
        u16le(&mut central, name.len() as u16);
        u16le(&mut central, 0); // extra
        u16le(&mut central, 0); // comment
        u16le(&mut central, 0); // disk
        u16le(&mut central, 0); // internal attributes
        u32le(&mut central, 0x20); // external attributes: archive
        u32le(&mut central, offset);
        central.extend_from_slice(&name);
    }
    let cd_offset = out.len() as u32;
    let cd_len = central.len() as u32;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, cd_len);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_gbk_and_readable_by_zip_crate() {
        let z = write(&[
            ("申报书.txt", b"hello hello hello hello", Method::Deflated),
            ("营业执照.bin", b"raw", Method::Stored),
        ]);
        // 申 in GBK is C9 EA.
        assert!(z.windows(2).any(|w| w == [0xC9, 0xEA]));
        let mut a = zip::ZipArchive::new(std::io::Cursor::new(z)).unwrap();
        assert_eq!(a.len(), 2);
        let mut s = String::new();
        std::io::Read::read_to_string(&mut a.by_index(0).unwrap(), &mut s).unwrap();
        assert_eq!(s, "hello hello hello hello");
    }
}
