//! Character decoding: UTF-8 (with or without a byte order mark), UTF-16 with a byte
//! order mark, and legacy single-byte text (Latin-1 / Windows-1252 and kin) detected with
//! Firefox's detector. Binary data is refused rather than decoded into noise.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, with the encoding used and a note when it was not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub note: Option<String>,
}

/// Why bytes could not be taken as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub offset: u64,
    pub message: String,
}

/// Decodes `raw` to text, reusing its buffer when it is already UTF-8. A NUL byte or a high share of control characters in the first
/// few kilobytes marks the input as binary.
pub fn decode(raw: Vec<u8>) -> Result<Decoded, Problem> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(&raw) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&raw[bom_len..]);
        let note = (encoding != UTF_8 || had_errors).then(|| {
            format!(
                "decoded as {} (byte order mark){}",
                encoding.name(),
                if had_errors {
                    "; invalid sequences replaced with U+FFFD"
                } else {
                    ""
                }
            )
        });
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            note,
        });
    }
    if let Some(offset) = binary_offset(&raw) {
        return Err(Problem {
            code: "input.binary",
            offset,
            message: format!(
                "input looks binary (control byte 0x{:02x} at offset {offset}); skipped",
                raw[offset as usize]
            ),
        });
    }
    match String::from_utf8(raw) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: UTF_8.name(),
            note: None,
        }),
        Err(err) => {
            let first_bad = err.utf8_error().valid_up_to();
            let raw = err.into_bytes();
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(&raw, true);
            let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
            // The detector may answer UTF-8 for text that is mostly valid; such input is
            // decoded with replacement characters rather than refused.
            let encoding = if guess == UTF_16LE || guess == UTF_16BE {
                encoding_rs::WINDOWS_1252
            } else {
                guess
            };
            let (text, _, had_errors) = encoding.decode(&raw);
            Ok(Decoded {
                text: text.into_owned(),
                encoding: encoding.name(),
                note: Some(format!(
                    "not valid UTF-8 (first invalid byte at offset {first_bad}); decoded as {}{}",
                    encoding.name(),
                    if had_errors {
                        " with invalid sequences replaced by U+FFFD"
                    } else {
                        ""
                    }
                )),
            })
        }
    }
}

/// The offset of the first byte that shows `raw` is binary, if it is.
fn binary_offset(raw: &[u8]) -> Option<u64> {
    let head = &raw[..raw.len().min(8192)];
    // Text never holds a NUL. The test folds blocks of bytes without branching, which
    // the compiler vectorises (several times faster than a byte-at-a-time search); the
    // position is needed only when there is one.
    let has_nul = head
        .chunks(512)
        .any(|block| block.iter().fold(0u8, |acc, &b| acc | u8::from(b == 0)) != 0);
    if has_nul {
        return head.iter().position(|&b| b == 0).map(|pos| pos as u64);
    }
    // Other control characters are counted over the first kilobyte only: enough to tell
    // a binary format from text with a stray control byte. The count is a branch-free
    // loop over small integers (1024 fits in a `u16`), which the compiler vectorises; the
    // first one is looked for only when there are too many.
    let head = &head[..head.len().min(1024)];
    let is_control = |b: u8| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c);
    let controls: u16 = head.iter().map(|&b| u16::from(is_control(b))).sum();
    let controls = usize::from(controls);
    if controls * 100 > head.len() {
        head.iter()
            .position(|&b| is_control(b))
            .map(|pos| pos as u64)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode("Renée’s “quote”".as_bytes().to_vec()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.note, None);
        assert_eq!(d.text, "Renée’s “quote”");
    }

    #[test]
    fn bom_is_stripped() {
        let d = decode(b"\xEF\xBB\xBFHello".to_vec()).unwrap();
        assert_eq!(d.text, "Hello");
        assert_eq!(d.note, None);
    }

    #[test]
    fn windows_1252_is_detected_and_reported() {
        let raw = b"Le minist\xe8re a d\xe9clar\xe9 \x93nous verrons\x94, a dit Andr\xe9 Leclerc.";
        let d = decode(raw.to_vec()).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("ministère"), "{}", d.text);
        assert!(d.text.contains("“nous verrons”"));
        assert!(d.note.unwrap().contains("offset 9"));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut raw = vec![0xFF, 0xFE];
        for unit in "Hi there".encode_utf16() {
            raw.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(raw).unwrap();
        assert_eq!(d.text, "Hi there");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn control_bytes_mean_binary_only_when_many() {
        let mut raw = b"Plain text with a stray \x07 bell. ".to_vec();
        raw.extend(b"More plain text follows it. ".repeat(8));
        assert!(decode(raw).is_ok());
        raw = vec![b'a'; 200];
        for i in (10..200).step_by(40) {
            raw[i] = 0x01;
        }
        raw[3] = 0x02;
        let p = decode(raw).unwrap_err();
        assert_eq!(p.code, "input.binary");
        assert_eq!(p.offset, 3);
        // A NUL past the first 8 KB is not looked for.
        let mut late = vec![b'a'; 9000];
        late[8500] = 0;
        assert!(decode(late).is_ok());
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let p = decode(b"abc\x00def".to_vec()).unwrap_err();
        assert_eq!(p.code, "input.binary");
        assert_eq!(p.offset, 3);
    }

    proptest::proptest! {
        #[test]
        fn decoding_never_panics(raw in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = decode(raw);
        }
    }
}
