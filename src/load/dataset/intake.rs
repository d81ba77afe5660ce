//! Excel's exports as they arrive (docs/datasets.md, "Excel exports"): a
//! file in Windows-1252, values separated by semicolons or tabs, empty rows
//! and columns left at the end, and dates written the UK way. Each is read,
//! with a warning that says how to save the file so it is not needed, unless
//! the sidecar pins how the file is written.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, display_path, line_col};
use crate::model::dataset::schema::{DateStyle, Delimiter, Encoding};
use crate::util::text::is_iso_date;

use super::RawRow;

/// How Excel's "CSV UTF-8 (comma delimited)" is reached, for every hint.
const SAVE_AS: &str = "in Excel, choose File › Save As › \"CSV UTF-8 (comma delimited)\"";

/// The CSV's text. A file that is not UTF-8 but reads as Windows-1252
/// (Excel's plain "CSV") is read that way with a warning, unless the sidecar
/// pins `encoding: utf-8`; a NUL or a byte Windows-1252 leaves undefined
/// means the file is not text of either kind.
pub(super) fn decode(
    bytes: Vec<u8>,
    rel: &Path,
    pin: Option<Encoding>,
    sidecar: &Path,
    notes: &mut Diagnostics,
) -> Result<String, Diagnostic> {
    let utf8 = std::str::from_utf8(&bytes);
    if pin == Some(Encoding::Windows1252) {
        // A file re-saved as UTF-8 would be read as nonsense (`CafÃ©`):
        // the pin is then out of date, and saying so beats publishing it.
        if utf8.is_ok() && !bytes.is_ascii() {
            return Err(Diagnostic::error(
                Code::CsvEncoding,
                "this file is saved as UTF-8, but its sidecar pins `encoding: windows-1252`",
            )
            .in_file(rel)
            .hint(format!(
                "take `encoding: windows-1252` out of {}",
                display_path(sidecar)
            )));
        }
        return Ok(encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned());
    }
    let Err(e) = utf8 else {
        return crate::load::files::utf8(bytes, rel);
    };
    let undefined = |b: &u8| matches!(b, 0 | 0x81 | 0x8D | 0x8F | 0x90 | 0x9D);
    if pin == Some(Encoding::Utf8) || bytes.iter().any(undefined) {
        // Not UTF-8 (found above), so this is the located `not-utf8` error.
        return crate::load::files::utf8(bytes, rel);
    }
    let at = e.valid_up_to();
    let text = encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned();
    let before = encoding_rs::WINDOWS_1252.decode(&bytes[..at]).0;
    let (line, col) = line_col(&before, before.len());
    let shown: String = text[before.len()..].chars().next().into_iter().collect();
    notes.push(
        Diagnostic::warning(
            Code::CsvEncoding,
            "this file is saved as Windows-1252, not UTF-8; it was read as Windows-1252",
        )
        .in_file(rel)
        .at(line, col)
        .label(format!("read as `{shown}`"))
        .hint(format!(
            "{SAVE_AS}; or, to read it as it is without this warning, put `encoding: windows-1252` in {}",
            display_path(sidecar)
        )),
    );
    Ok(text)
}

/// The byte between values: the sidecar's `delimiter:`, or else a comma,
/// unless the first line has no comma but semicolons or tabs, which Excel
/// writes in some countries' settings and for "Text (Tab delimited)".
pub(super) fn delimiter(
    src: &str,
    rel: &Path,
    pin: Option<Delimiter>,
    sidecar: &Path,
    notes: &mut Diagnostics,
) -> Result<u8, Diagnostic> {
    let header = first_line_outside_quotes(src);
    let count = |d: Delimiter| header.bytes().filter(|&b| b == d.byte()).count();
    let found = if count(Delimiter::Comma) > 0 {
        Delimiter::Comma
    } else if count(Delimiter::Semicolon) >= count(Delimiter::Tab)
        && count(Delimiter::Semicolon) > 0
    {
        Delimiter::Semicolon
    } else if count(Delimiter::Tab) > 0 {
        Delimiter::Tab
    } else {
        Delimiter::Comma
    };
    match pin {
        Some(p) if p == found || count(p) > 0 => Ok(p.byte()),
        Some(p) => Err(Diagnostic::error(
            Code::CsvDelimiter,
            format!(
                "this file uses {}, not {}, between values",
                found.name(),
                p.name()
            ),
        )
        .in_file(rel)
        .at(1, 1)
        .hint(format!(
            "{} pins `delimiter: {}`: save the file that way ({SAVE_AS}), or change the pin",
            display_path(sidecar),
            pin_word(p)
        ))),
        None if found == Delimiter::Comma => Ok(b','),
        None => {
            notes.push(
                Diagnostic::warning(
                    Code::CsvDelimiter,
                    format!(
                        "this file uses {}, not commas, between values; it was read with {}",
                        found.name(),
                        found.name()
                    ),
                )
                .in_file(rel)
                .at(1, 1)
                .hint(format!(
                    "{SAVE_AS}; or, to read it as it is without this warning, put `delimiter: {}` in {}",
                    pin_word(found),
                    display_path(sidecar)
                )),
            );
            Ok(found.byte())
        }
    }
}

fn pin_word(d: Delimiter) -> &'static str {
    match d {
        Delimiter::Comma => "comma",
        Delimiter::Semicolon => "semicolon",
        Delimiter::Tab => "tab",
    }
}

/// The first line of the file, with quoted text (which may hold any
/// separator, or a line break) left out.
fn first_line_outside_quotes(src: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in src.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            _ if !quoted => out.push(c),
            _ => {}
        }
    }
    out
}

/// Leaves out the empty rows and unnamed empty columns at the end of the
/// file, which Excel writes for cells that once held something, and which
/// would otherwise be published as rows of "no data".
pub(super) fn trailing_blanks(
    headers: &mut Vec<String>,
    rows: &mut Vec<RawRow>,
    rel: &Path,
    notes: &mut Diagnostics,
) {
    let blank = |f: &String| f.trim().is_empty();
    let first_blank_row = rows
        .iter()
        .rposition(|r| !r.fields.iter().all(blank))
        .map_or(0, |i| i + 1);
    let dropped_rows = rows.len() - first_blank_row;
    let first_line = rows.get(first_blank_row).map(|r| r.pos.line);
    rows.truncate(first_blank_row);
    let mut keep = headers.len();
    while keep > 1
        && headers[keep - 1].is_empty()
        && rows
            .iter()
            .all(|r| r.fields.get(keep - 1).is_none_or(blank))
    {
        keep -= 1;
    }
    let dropped_cols = headers.len() - keep;
    headers.truncate(keep);
    for r in rows.iter_mut() {
        r.fields.truncate(keep);
    }
    if dropped_rows == 0 && dropped_cols == 0 {
        return;
    }
    let plural =
        |n: usize, what: &str| format!("{n} empty {what}{}", if n == 1 { "" } else { "s" });
    let what = match (dropped_rows, dropped_cols) {
        (0, c) => plural(c, "column"),
        (r, 0) => plural(r, "row"),
        (r, c) => format!("{} and {}", plural(r, "row"), plural(c, "column")),
    };
    let (line, col) = match (first_line, dropped_rows) {
        (Some(l), r) if r > 0 => (l, 1),
        _ => (1, 1),
    };
    notes.push(
        Diagnostic::warning(
            Code::CsvTrailingBlanks,
            format!(
                "{what} at the end of the file {} left out",
                if dropped_rows + dropped_cols == 1 { "was" } else { "were" }
            ),
        )
        .in_file(rel)
        .at(line, col)
        .hint("spreadsheets write `,,` for cells that once held something: delete those rows and columns in the spreadsheet and save again"),
    );
}

/// Why a value is not a date, and what to write instead.
pub(super) struct BadDate {
    pub expected: &'static str,
    pub hint: String,
}

/// A date as written in the CSV, as `YYYY-MM-DD`. UK forms (`01/04/2023`,
/// `1 April 2023`, `1 Apr 2023`) are read unless the sidecar pins `dates: iso`.
pub(super) fn date(t: &str, style: Option<DateStyle>) -> Result<String, BadDate> {
    if is_iso_date(t) {
        return Ok(t.to_string());
    }
    let uk = uk_date(t);
    match (uk, style) {
        (Ok(None), _) if looks_iso(t) => Err(BadDate {
            expected: "a date (YYYY-MM-DD)",
            hint: "there is no such day: check the date".into(),
        }),
        (Ok(None), Some(DateStyle::Iso)) => Err(BadDate {
            expected: "a date (YYYY-MM-DD)",
            hint: "write dates as YYYY-MM-DD, e.g. `2023-04-01`".into(),
        }),
        (Ok(None), _) => Err(BadDate {
            expected: "a date (YYYY-MM-DD)",
            hint: "write dates as YYYY-MM-DD (`2023-04-01`) or the UK way (`01/04/2023`, `1 April 2023`)".into(),
        }),
        (Ok(Some(iso)), Some(DateStyle::Iso)) => Err(BadDate {
            expected: "a date (YYYY-MM-DD)",
            hint: format!("the sidecar pins `dates: iso`: write `{iso}`, or pin `dates: uk` to read UK dates"),
        }),
        (Ok(Some(iso)), _) => Ok(iso),
        (Err(hint), _) => Err(BadDate {
            expected: "a UK date (day/month/year)",
            hint,
        }),
    }
}

/// Written as `YYYY-MM-DD`, whether or not the day exists.
fn looks_iso(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// `Ok(None)` when `t` is not written as a UK date at all; `Err` with the
/// fix when it is written as one but cannot be one (`04/13/2023`).
fn uk_date(t: &str) -> Result<Option<String>, String> {
    let (d, m, y) = if let [d, m, y] = t.split('/').collect::<Vec<_>>()[..] {
        let num = |s: &str, max: usize| {
            (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        match (num(d, 2), num(m, 2), num(y, 4).filter(|_| y.len() == 4)) {
            (Some(d), Some(m), Some(y)) => (d, m, y),
            _ => return Ok(None),
        }
    } else if let [d, m, y] = t.split_whitespace().collect::<Vec<_>>()[..] {
        let month = crate::util::text::month_number(m).map(|n| n as usize - 1);
        match (
            d.parse::<u32>().ok(),
            month,
            y.parse::<u32>().ok().filter(|_| y.len() == 4),
        ) {
            (Some(d), Some(m), Some(y)) => (d, m as u32 + 1, y),
            _ => return Ok(None),
        }
    } else {
        return Ok(None);
    };
    let iso = format!("{y:04}-{m:02}-{d:02}");
    if is_iso_date(&iso) {
        return Ok(Some(iso));
    }
    let swapped = format!("{y:04}-{d:02}-{m:02}");
    Err(if m > 12 && is_iso_date(&swapped) {
        format!(
            "there is no month {m}: this looks like an American date (month/day/year); write it day first, `{d:02}/{m:02}/{y}` becomes `{m:02}/{d:02}/{y}`, or as `{swapped}`"
        )
    } else {
        "there is no such day: check the date, and write it as day/month/year (`01/04/2023`) or YYYY-MM-DD".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_dates() {
        assert_eq!(date("01/04/2023", None).ok(), Some("2023-04-01".into()));
        assert_eq!(
            date("1/4/2023", Some(DateStyle::Uk)).ok(),
            Some("2023-04-01".into())
        );
        assert_eq!(date("1 April 2023", None).ok(), Some("2023-04-01".into()));
        assert_eq!(date("30 Sep 2023", None).ok(), Some("2023-09-30".into()));
        assert_eq!(
            date("2023-04-01", Some(DateStyle::Iso)).ok(),
            Some("2023-04-01".into())
        );
        assert!(date("01/04/2023", Some(DateStyle::Iso)).is_err());
        let us = date("04/13/2023", None).err().unwrap();
        assert!(us.hint.contains("13/04/2023"), "{}", us.hint);
        assert!(date("31/02/2023", None).is_err());
        assert!(date("April 2023", None).is_err());
    }

    #[test]
    fn separators() {
        let mut notes = Diagnostics::new();
        let p = Path::new("data/x.csv");
        assert_eq!(
            delimiter("a;b\n1;2\n", p, None, p, &mut notes).ok(),
            Some(b';')
        );
        assert_eq!(
            delimiter("a\tb\n", p, None, p, &mut notes).ok(),
            Some(b'\t')
        );
        assert_eq!(
            delimiter("\"a;b\",c\n", p, None, p, &mut notes).ok(),
            Some(b',')
        );
        assert_eq!(notes.0.len(), 2);
        assert!(delimiter("a;b\n", p, Some(Delimiter::Comma), p, &mut notes).is_err());
    }

    #[test]
    fn windows_1252() {
        let mut notes = Diagnostics::new();
        let p = Path::new("data/x.csv");
        let s = decode(b"a\nSt\xE9 \xA3\n".to_vec(), p, None, p, &mut notes).unwrap();
        assert_eq!(s, "a\nSté £\n");
        assert_eq!(notes.iter().next().unwrap().location(), "data/x.csv:2:3");
        assert!(decode(b"a\x00\xE9".to_vec(), p, None, p, &mut notes).is_err());
        assert!(decode(b"\xE9".to_vec(), p, Some(Encoding::Utf8), p, &mut notes).is_err());
        let resaved = "Café".as_bytes().to_vec();
        assert!(decode(resaved, p, Some(Encoding::Windows1252), p, &mut notes).is_err());
    }
}
