//! The `.case` format of the bad-input corpus (described at the top of
//! tests/bad_input.rs): reading a case file into what to write and what to
//! expect.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Error,
    Warning,
    Ok,
}

#[derive(Debug)]
pub enum Op {
    Write { path: String, bytes: Vec<u8> },
    Append { path: String, bytes: Vec<u8> },
    Remove(String),
    Mkdir(String),
    Symlink { path: String, target: String },
}

#[derive(Debug)]
pub struct Case {
    pub name: String,
    pub expect: Expect,
    pub base: Option<String>,
    pub location: String,
    pub message: String,
    pub code: Option<String>,
    pub hint: Option<String>,
    pub outputs: Vec<(String, String)>,
    pub ops: Vec<Op>,
}

pub fn parse_case(name: &str, text: &str) -> Result<Case, String> {
    let mut case = Case {
        name: name.to_string(),
        expect: Expect::Error,
        base: Some("bad-input-base".into()),
        location: String::new(),
        message: String::new(),
        code: None,
        hint: None,
        outputs: Vec::new(),
        ops: Vec::new(),
    };
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next_if(|l| !is_section(l)) {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| format!("`{line}` is not `key: value`"))?;
        let value = value.trim().to_string();
        match key.trim() {
            "expect" => {
                case.expect = match value.as_str() {
                    "error" => Expect::Error,
                    "warning" => Expect::Warning,
                    "ok" => Expect::Ok,
                    v => return Err(format!("expect: `{v}` is not error, warning or ok")),
                }
            }
            "base" => case.base = (value != "none").then_some(value),
            "location" => case.location = value,
            "message" => case.message = value,
            "code" => case.code = Some(value),
            "hint" => case.hint = Some(value),
            "output" => {
                let (file, text) = value.split_once(": ").ok_or("output: needs `FILE: TEXT`")?;
                case.outputs.push((file.to_string(), text.to_string()));
            }
            k => return Err(format!("unknown header key `{k}`")),
        }
    }
    while let Some(header) = lines.next() {
        let words = split_words(header.trim_start_matches(">>>"));
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let (verb, path) = match words.as_slice() {
            [verb, path, ..] => (*verb, path.to_string()),
            _ => return Err(format!("`{header}` needs a verb and a path")),
        };
        let mut body: Vec<&str> = Vec::new();
        while let Some(l) = lines.next_if(|l| !is_section(l)) {
            body.push(l);
        }
        while body.last().is_some_and(|l| l.trim().is_empty()) {
            body.pop();
        }
        let op = match verb {
            "file" | "append" => {
                let bytes = content(&body, &words[2..])?;
                if verb == "file" {
                    Op::Write { path, bytes }
                } else {
                    Op::Append { path, bytes }
                }
            }
            "remove" => Op::Remove(path),
            "mkdir" => Op::Mkdir(path),
            "symlink" => match words.as_slice() {
                [_, _, "->", target] => Op::Symlink {
                    path,
                    target: target.to_string(),
                },
                _ => return Err(format!("`{header}`: write `>>> symlink PATH -> TARGET`")),
            },
            v => return Err(format!("unknown section `{v}`")),
        };
        case.ops.push(op);
    }
    match case.expect {
        Expect::Error | Expect::Warning if case.location.is_empty() || case.message.is_empty() => {
            Err("an error or warning case needs `location:` and `message:`".into())
        }
        Expect::Ok if !case.location.is_empty() => Err("`expect: ok` takes no location".into()),
        _ if case.ops.is_empty() && case.base.is_some() => Err("the case changes nothing".into()),
        _ => Ok(case),
    }
}

/// A section header: `>>> ` and one of the verbs (so a Markdown block
/// quote such as `>>>> deep` stays content).
fn is_section(line: &str) -> bool {
    ["file", "append", "remove", "mkdir", "symlink"]
        .iter()
        .any(|v| line.starts_with(&format!(">>> {v} ")))
}

/// Words separated by spaces; a word in double quotes may hold spaces.
fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The bytes of a `file` or `append` section.
fn content(body: &[&str], options: &[&str]) -> Result<Vec<u8>, String> {
    let mut escapes = false;
    let mut eol = "\n";
    let mut final_newline = true;
    let mut repeat: Option<usize> = None;
    for o in options {
        match *o {
            "escapes" => escapes = true,
            "crlf" => eol = "\r\n",
            "no-newline" => final_newline = false,
            o if o.starts_with("repeat=") => {
                repeat = Some(
                    o["repeat=".len()..]
                        .parse()
                        .map_err(|_| format!("`{o}`: repeat=N needs a number"))?,
                );
            }
            o => return Err(format!("unknown option `{o}`")),
        }
    }
    let mut text = body.join(eol);
    if final_newline && !body.is_empty() {
        text.push_str(eol);
    }
    let one = if escapes {
        unescape(&text)?
    } else {
        text.into_bytes()
    };
    // `{n}` is a counter only in repeated text: elsewhere it is content
    // (a Tera component argument, say).
    let counted = repeat.is_some() && one.windows(3).any(|w| w == b"{n}");
    let repeat = repeat.unwrap_or(1);
    let mut out = Vec::with_capacity(one.len() * repeat);
    for n in 1..=repeat {
        if counted {
            let s = String::from_utf8_lossy(&one).replace("{n}", &n.to_string());
            out.extend_from_slice(s.as_bytes());
        } else {
            out.extend_from_slice(&one);
        }
    }
    Ok(out)
}

fn unescape(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next() {
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                let b = u8::from_str_radix(&hex, 16).map_err(|_| format!("bad escape \\x{hex}"))?;
                out.push(b);
            }
            Some('u') => {
                let rest: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let hex = rest.trim_start_matches('{');
                let ch = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad escape \\u{{{hex}}}"))?;
                let mut buf = [0; 4];
                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            }
            Some('n') => out.push(b'\n'),
            Some('r') => out.push(b'\r'),
            Some('t') => out.push(b'\t'),
            Some('\\') => out.push(b'\\'),
            other => return Err(format!("unknown escape \\{}", other.unwrap_or(' '))),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_case_format_reads_escapes_repeats_and_sections() {
        let c = parse_case(
            "t",
            "# comment\nlocation: a:1:1\nmessage: m\n\n>>> file a.csv escapes no-newline\n\\xEF\\xBB\\xBFa\\\\b\\u{e9}\n>>> append a.csv repeat=3\nr{n}\n\n>>> remove x\n",
        )
        .unwrap();
        assert_eq!(c.expect, Expect::Error);
        match &c.ops[..] {
            [
                Op::Write { bytes: a, .. },
                Op::Append { bytes: b, .. },
                Op::Remove(r),
            ] => {
                assert_eq!(a, b"\xEF\xBB\xBFa\\b\xC3\xA9");
                assert_eq!(b, b"r1\nr2\nr3\n");
                assert_eq!(r, "x");
            }
            other => panic!("{other:?}"),
        }
        assert!(parse_case("t", "expect: ok\nlocation: x\n>>> remove a\n").is_err());
        assert!(parse_case("t", "message: m\n>>> remove a\n").is_err());
    }
}
