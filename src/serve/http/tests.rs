use super::*;

fn head(bytes: &[u8]) -> Result<Head, u16> {
    read_head(&mut &bytes[..], || Ok(()))
}

fn get(target: &str, host: Option<&str>) -> Result<Head, u16> {
    Ok(Head {
        method: "GET".into(),
        target: target.into(),
        host: host.map(str::to_string),
    })
}

#[test]
fn reads_the_request_line_and_host_and_skips_other_headers() {
    assert_eq!(
        head(b"GET /a/?q=1 HTTP/1.1\r\nHost: x:1\r\nAccept: */*\r\n\r\n"),
        get("/a/?q=1", Some("x:1"))
    );
    assert_eq!(head(b"\r\n\nGET / HTTP/1.0\n\n"), get("/", None));
}

#[test]
fn refuses_what_is_not_http_1() {
    for bad in [
        &b"GET /\r\n\r\n"[..],
        b"GET / HTTP/2.0\r\n\r\n",
        b"GET / HTTP/1.1 extra\r\n\r\n",
        b"\xff\xfe / HTTP/1.1\r\n\r\n",
        b"GET /\x01 HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: caf\xe9\r\n\r\n",
    ] {
        assert_eq!(head(bad), Err(400), "{bad:?}");
    }
}

#[test]
fn a_head_cut_off_is_a_bad_request_not_too_large() {
    assert_eq!(head(b"GET / HTTP/1.1\r\nHost: x\r\n"), Err(400));
    assert_eq!(head(b"GET / HTT"), Err(400));
    assert_eq!(head(b""), Err(400));
}

#[test]
fn a_latin1_cookie_is_tolerated() {
    let req = b"GET / HTTP/1.1\r\nHost: localhost\r\nCookie: name=Jos\xe9\r\n\r\n";
    assert_eq!(head(req), get("/", Some("localhost")));
}

#[test]
fn a_huge_head_is_refused() {
    let mut req = b"GET / HTTP/1.1\r\n".to_vec();
    req.extend(std::iter::repeat_n(b'a', MAX_HEAD + 10));
    assert_eq!(head(&req), Err(431));
}

#[test]
fn a_head_that_trickles_in_stops_when_time_is_up() {
    /// Hands over one byte per read, for ever.
    struct Trickle;
    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            buf[0] = b'a';
            Ok(1)
        }
    }
    let mut reads = 0;
    let got = read_head(&mut Trickle, || {
        reads += 1;
        if reads > 100 { Err(408) } else { Ok(()) }
    });
    assert_eq!(got, Err(408));
}

#[test]
fn answers_close_the_connection_and_head_has_no_body() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    for (method, body) in [("GET", "hello"), ("HEAD", "")] {
        let mut c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (s, _) = l.accept().unwrap();
        let req = Request {
            head: Head {
                method: method.into(),
                target: "/".into(),
                host: None,
            },
            stream: s,
            slot: Slot(Arc::new(AtomicUsize::new(1))),
        };
        req.respond(
            200,
            &[("Content-Type", "text/plain"), ("X-Bad", "a\r\nb")],
            b"hello",
        );
        let mut got = String::new();
        c.read_to_string(&mut got).unwrap();
        assert!(got.starts_with("HTTP/1.1 200 OK\r\n"), "{got}");
        assert!(got.contains("Content-Length: 5\r\nConnection: close\r\n\r\n"));
        assert!(
            !got.contains("X-Bad"),
            "a header with a line break is dropped"
        );
        assert!(got.ends_with(&format!("\r\n\r\n{body}")), "{got:?}");
    }
}

#[test]
fn a_file_body_is_copied_in_pieces_and_stops_where_the_file_does() {
    let path = std::env::temp_dir().join(format!("plainsight-http-{}", std::process::id()));
    let data: Vec<u8> = (0..CHUNK * 2 + 5).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &data).unwrap();
    let file = std::fs::File::open(&path).unwrap();
    let mut out = Vec::new();
    copy_file(&file, data.len() as u64, &mut out).unwrap();
    assert_eq!(out, data);
    let mut out = Vec::new();
    assert!(copy_file(&file, data.len() as u64 + 1, &mut out).is_err());
    let _ = std::fs::remove_file(&path);
}
