//! What one template call in an author's text may build. A call is a line
//! of text, but Tera's `range()` and `join` can turn 80 characters into
//! gigabytes (`range(end=100000) | join(sep=range(end=2000) | join(sep=""))`
//! took 1.4 GB). The calls engines (page bodies and fields, not the trusted
//! theme templates) get these versions instead, which measure what they
//! would make before making it and end the call with a `call-limit` error.

use tera::{Error, Kwargs, State, StringInput, Tera, Value};

use super::functions::CallFailure;

/// Numbers one `range()` may make in a call (Tera's own limit is 100,000).
pub const MAX_RANGE: i128 = 10_000;

/// Bytes of text one filter in a call, or the whole call, may make.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// In every limit's message, so the error gets its code (`call-limit`).
pub const LIMIT_MARK: &str = "beyond the limit of";

const HINT: &str = "a call shows a figure or a short text: work a long list out in the data (data/), and show it with table()";

fn limit(what: String) -> Error {
    CallFailure {
        message: what,
        hint: Some(HINT.to_string()),
    }
    .into_tera()
}

fn too_long(filter: &str, bytes: usize) -> Error {
    limit(format!(
        "`{filter}` would make a text of {bytes} bytes, {LIMIT_MARK} {MAX_TEXT_BYTES} bytes for one call"
    ))
}

/// Replaces `range`, `join` and `replace`, and refuses `indent`, on an engine
/// that runs authors' calls.
pub fn register(tera: &mut Tera) {
    tera.register_function("range", range);
    tera.register_filter("join", join);
    tera.register_filter("replace", replace);
    tera.register_filter(
        "indent",
        |_: &str, _: Kwargs, _: &State| -> Result<Value, Error> {
            Err(CallFailure {
                message: "`indent` is not available in a call".to_string(),
                hint: Some(
                    "indenting is for templates; a call shows a figure or a short text".to_string(),
                ),
            }
            .into_tera())
        },
    );
}

/// The whole result of a call, checked once it is made.
pub fn check_output(text: &str) -> Result<(), Error> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(too_long("the call", text.len()));
    }
    Ok(())
}

fn range(kwargs: Kwargs, _: &State) -> Result<Vec<i128>, Error> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(Error::message("`range` was called with a `step_by` of 0"));
    }
    // Counted without building, and in a way no argument can overflow.
    let span = if step > 0 {
        end.checked_sub(start)
    } else {
        start.checked_sub(end)
    };
    let len = match span {
        Some(s) if s <= 0 => 0,
        Some(s) => {
            s.div_euclid(step.checked_abs().unwrap_or(i128::MAX)) + i128::from(s % step != 0)
        }
        None => i128::MAX,
    };
    if len > MAX_RANGE {
        return Err(limit(format!(
            "`range` would make {} numbers, {LIMIT_MARK} {MAX_RANGE} for one call",
            if len == i128::MAX {
                "too many".to_string()
            } else {
                len.to_string()
            }
        )));
    }
    Ok((0..len).map(|i| start + i * step).collect())
}

fn join(val: &[Value], kwargs: Kwargs, state: &State) -> Result<Value, Error> {
    let sep = kwargs.get::<StringInput>("sep")?;
    let safe = state.autoescaping_enabled()
        && (val.iter().any(|x| x.is_string() && x.is_safe())
            || sep.as_ref().is_some_and(|s| s.is_safe()));
    let sep_text = match &sep {
        Some(s) if safe => s.rendered(state)?.into_owned(),
        Some(s) => s.as_str().to_string(),
        None => String::new(),
    };
    let mut out = String::new();
    for (i, v) in val.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep_text);
        }
        match v {
            _ if v.is_undefined() => {}
            _ if safe => out.push_str(&state.escape_if_needed(v)?),
            _ => out.push_str(&v.to_string()),
        }
        if out.len() > MAX_TEXT_BYTES {
            // What it would have made, without making it.
            let guess = out.len() / (i + 1) * val.len();
            return Err(too_long("join", guess.max(out.len())));
        }
    }
    Ok(if safe {
        Value::safe_string(&out)
    } else {
        Value::from(out)
    })
}

fn replace(val: StringInput, kwargs: Kwargs, state: &State) -> Result<Value, Error> {
    let from = kwargs.must_get::<&str>("from")?;
    let to = kwargs.must_get::<StringInput>("to")?;
    let safe = state.autoescaping_enabled() && (val.is_safe() || to.is_safe());
    let (text, with) = if safe {
        (val.rendered(state)?, to.rendered(state)?)
    } else {
        (val.as_str().into(), to.as_str().into())
    };
    let times = if from.is_empty() {
        text.chars().count() + 1
    } else {
        text.matches(from).count()
    };
    let bytes = text.len().saturating_add(times.saturating_mul(with.len()));
    if bytes > MAX_TEXT_BYTES {
        return Err(too_long("replace", bytes));
    }
    let out = text.replace(from, &with);
    Ok(if safe {
        Value::safe_string(&out)
    } else {
        Value::from(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(expr: &str) -> Result<String, String> {
        let mut t = Tera::new();
        register(&mut t);
        t.render_str(expr, &tera::Context::new(), false)
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn what_a_call_may_build_is_limited() {
        assert_eq!(
            run("{{ range(end=5) | join(sep=\",\") }}").unwrap(),
            "0,1,2,3,4"
        );
        assert_eq!(
            run("{{ range(start=10, end=0, step_by=-3) | join(sep=\",\") }}").unwrap(),
            "10,7,4,1"
        );
        assert_eq!(run("{{ range(end=10000) | length }}").unwrap(), "10000");
        assert_eq!(
            run("{{ \"a-b\" | replace(from=\"-\", to=\"+\") }}").unwrap(),
            "a+b"
        );
        for bomb in [
            "{{ range(end=100000) | join(sep=range(end=2000) | join(sep=\"\")) | length }}",
            "{{ range(end=10000) | join(sep=range(end=2000) | join(sep=\"\")) | length }}",
            "{{ range(end=10001) | length }}",
            "{{ range(start=-9223372036854775807, end=9223372036854775807) | length }}",
            "{{ range(end=10000) | join(sep=\"a\") | replace(from=\"a\", to=range(end=2000) | join(sep=\"\")) | length }}",
        ] {
            let e = run(bomb).unwrap_err();
            assert!(e.contains(LIMIT_MARK), "{bomb}: {e}");
        }
        assert!(
            run("{{ \"a\" | indent }}")
                .unwrap_err()
                .contains("not available")
        );
    }
}
