//! A small PDF reader for the export tests: objects, deflated streams, ToUnicode maps and
//! the text operators of page contents, enough to read back what a viewer would show
//! and to check that every glyph drawn is the font's glyph for the character it claims.

use std::collections::BTreeMap;
use std::io::Read as _;

#[derive(Debug, Clone, PartialEq)]
pub enum Obj {
    Null,
    Num(f64),
    Name(String),
    Str(Vec<u8>),
    Array(Vec<Obj>),
    Dict(BTreeMap<String, Obj>),
    Ref(u32),
    /// An operator in a content stream (or `true`/`false`).
    Op(String),
}

impl Obj {
    pub fn get(&self, key: &str) -> Option<&Obj> {
        match self {
            Obj::Dict(d) => d.get(key),
            _ => None,
        }
    }
}

/// Every `N 0 obj`, read in order; streams come back inflated.
pub struct Pdf {
    pub objects: BTreeMap<u32, (Obj, Option<Vec<u8>>)>,
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
}

impl Lexer<'_> {
    fn skip_ws(&mut self) {
        while self.i < self.b.len() {
            match self.b[self.i] {
                b' ' | b'\n' | b'\r' | b'\t' | 0 | 12 => self.i += 1,
                b'%' => {
                    while self.i < self.b.len() && self.b[self.i] != b'\n' {
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn regular(c: u8) -> bool {
        !b" \n\r\t\0\x0c()<>[]{}/%".contains(&c)
    }

    fn word(&mut self) -> String {
        let start = self.i;
        while self.i < self.b.len() && Self::regular(self.b[self.i]) {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.b[start..self.i]).into_owned()
    }

    /// One object; `N 0 R` becomes a reference when `refs` is set (not in contents).
    fn value(&mut self, refs: bool) -> Option<Obj> {
        self.skip_ws();
        let c = *self.b.get(self.i)?;
        Some(match c {
            b'/' => {
                self.i += 1;
                Obj::Name(self.word())
            }
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => {
                self.i += 2;
                let mut d = BTreeMap::new();
                loop {
                    self.skip_ws();
                    if self.b[self.i..].starts_with(b">>") {
                        self.i += 2;
                        break Obj::Dict(d);
                    }
                    let Some(Obj::Name(k)) = self.value(refs) else {
                        panic!("dict key")
                    };
                    let v = self.value(refs).expect("dict value");
                    d.insert(k, v);
                }
            }
            b'<' => {
                self.i += 1;
                let start = self.i;
                while self.b[self.i] != b'>' {
                    self.i += 1;
                }
                let hex: Vec<u8> = self.b[start..self.i]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                self.i += 1;
                let s = std::str::from_utf8(&hex).expect("hex");
                Obj::Str(
                    (0..hex.len() / 2)
                        .map(|k| u8::from_str_radix(&s[2 * k..2 * k + 2], 16).expect("hex"))
                        .collect(),
                )
            }
            b'(' => Obj::Str(self.literal()),
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                loop {
                    self.skip_ws();
                    if self.b[self.i] == b']' {
                        self.i += 1;
                        break Obj::Array(a);
                    }
                    a.push(self.value(refs).expect("array item"));
                }
            }
            _ => {
                let w = self.word();
                if w.is_empty() {
                    panic!("unexpected byte {c} at {}", self.i);
                }
                match w.parse::<f64>() {
                    Ok(n) if refs => {
                        // `N G R`: look ahead without consuming unless it matches.
                        let save = self.i;
                        self.skip_ws();
                        let g = self.word();
                        self.skip_ws();
                        if g.parse::<u32>().is_ok() && self.b.get(self.i) == Some(&b'R') {
                            self.i += 1;
                            return Some(Obj::Ref(n as u32));
                        }
                        self.i = save;
                        Obj::Num(n)
                    }
                    Ok(n) => Obj::Num(n),
                    Err(_) if w == "null" => Obj::Null,
                    Err(_) => Obj::Op(w),
                }
            }
        })
    }

    fn literal(&mut self) -> Vec<u8> {
        self.i += 1;
        let (mut out, mut depth) = (Vec::new(), 1);
        loop {
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'\\' => {
                    let e = self.b[self.i];
                    self.i += 1;
                    if e == b'\n' {
                        continue; // a line continuation
                    }
                    out.push(match e {
                        b'n' => b'\n',
                        b'b' => 8,
                        b'f' => 12,
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.b[self.i] {
                                    d @ b'0'..=b'7' => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            v as u8
                        }
                        other => other,
                    });
                }
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return out;
                    }
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
}

pub fn inflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .read_to_end(&mut out)
        .expect("stream inflates");
    out
}

impl Pdf {
    pub fn parse(bytes: &[u8]) -> Pdf {
        assert!(bytes.starts_with(b"%PDF-1."), "PDF header");
        assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"), "PDF trailer");
        let mut lx = Lexer { b: bytes, i: 0 };
        let mut objects = BTreeMap::new();
        loop {
            lx.skip_ws();
            if lx.i >= bytes.len() || bytes[lx.i..].starts_with(b"xref") {
                break;
            }
            let id: u32 = lx.word().parse().expect("object number");
            lx.skip_ws();
            assert_eq!(lx.word(), "0");
            lx.skip_ws();
            assert_eq!(lx.word(), "obj");
            let dict = lx.value(true).expect("object");
            lx.skip_ws();
            let mut stream = None;
            if bytes[lx.i..].starts_with(b"stream") {
                lx.i += b"stream".len();
                if bytes[lx.i] == b'\r' {
                    lx.i += 1;
                }
                lx.i += 1;
                let Some(Obj::Num(len)) = dict.get("Length") else {
                    panic!("stream length")
                };
                let raw = &bytes[lx.i..lx.i + *len as usize];
                lx.i += *len as usize;
                lx.skip_ws();
                assert!(bytes[lx.i..].starts_with(b"endstream"), "stream {id} ends");
                lx.i += b"endstream".len();
                let deflated = dict.get("Filter") == Some(&Obj::Name("FlateDecode".into()));
                stream = Some(if deflated { inflate(raw) } else { raw.to_vec() });
                lx.skip_ws();
            }
            assert_eq!(lx.word(), "endobj", "object {id} ends");
            objects.insert(id, (dict, stream));
        }
        Pdf { objects }
    }

    pub fn deref<'a>(&'a self, o: &'a Obj) -> &'a Obj {
        match o {
            Obj::Ref(id) => &self.objects.get(id).expect("referenced object exists").0,
            o => o,
        }
    }

    fn stream(&self, o: &Obj) -> &[u8] {
        let Obj::Ref(id) = o else {
            panic!("stream reference")
        };
        self.objects[id].1.as_deref().expect("a stream")
    }

    /// The pages in order, following the catalog's page tree.
    pub fn pages(&self) -> Vec<&Obj> {
        let catalog = self
            .objects
            .values()
            .map(|(d, _)| d)
            .find(|d| d.get("Type") == Some(&Obj::Name("Catalog".into())))
            .expect("a catalog");
        let tree = self.deref(catalog.get("Pages").expect("/Pages"));
        let Some(Obj::Array(kids)) = tree.get("Kids") else {
            panic!("/Kids")
        };
        kids.iter().map(|k| self.deref(k)).collect()
    }

    /// Font resource name → (code → text) from the fonts' ToUnicode maps, after checking
    /// against the embedded TrueType program that each code is that character's glyph.
    fn fonts(&self, page: &Obj) -> BTreeMap<String, BTreeMap<u16, String>> {
        let resources = self.deref(page.get("Resources").expect("/Resources"));
        let Some(Obj::Dict(fonts)) = resources.get("Font").map(|f| self.deref(f)) else {
            panic!("/Font")
        };
        let mut out = BTreeMap::new();
        for (name, font) in fonts {
            let font = self.deref(font);
            assert_eq!(font.get("Encoding"), Some(&Obj::Name("Identity-H".into())));
            let map = cmap(self.stream(font.get("ToUnicode").expect("/ToUnicode")));
            let Some(Obj::Array(desc)) = font.get("DescendantFonts") else {
                panic!("descendant")
            };
            let cid = self.deref(&desc[0]);
            let descriptor = self.deref(cid.get("FontDescriptor").expect("descriptor"));
            let program = self.stream(descriptor.get("FontFile2").expect("/FontFile2"));
            let face = ttf_parser::Face::parse(program, 0).expect("embedded font parses");
            for (&gid, text) in &map {
                for c in text.chars().filter(|&c| c != '\u{FFFD}') {
                    let found = face.glyph_index(c).map(|g| g.0);
                    assert_eq!(found, Some(gid), "{name}: glyph {gid} claims {c:?}");
                }
            }
            out.insert(name.clone(), map);
        }
        out
    }

    /// What a viewer would extract from each page, a line per change of baseline.
    pub fn text(&self) -> Vec<String> {
        let mut pages = Vec::new();
        for page in self.pages() {
            let fonts = self.fonts(page);
            let content = self.stream(page.get("Contents").expect("/Contents"));
            let mut lx = Lexer { b: content, i: 0 };
            let (mut args, mut font, mut text, mut y) =
                (Vec::new(), String::new(), String::new(), None);
            while let Some(v) = lx.value(false) {
                let Obj::Op(op) = v else {
                    args.push(v);
                    continue;
                };
                match op.as_str() {
                    "Tf" => {
                        let Some(Obj::Name(n)) = args.first() else {
                            panic!("Tf")
                        };
                        font = n.clone();
                    }
                    "Tm" => {
                        let Some(Obj::Num(new_y)) = args.get(5) else {
                            panic!("Tm")
                        };
                        if y.is_some_and(|old: f64| (old - new_y).abs() > 0.5) {
                            text.push('\n');
                        }
                        y = Some(*new_y);
                    }
                    "Tj" | "TJ" => {
                        let map = &fonts[&font];
                        let strings: Vec<&Obj> = match &args[0] {
                            Obj::Array(a) => a.iter().collect(),
                            s => vec![s],
                        };
                        for s in strings {
                            let Obj::Str(bytes) = s else { continue };
                            for pair in bytes.chunks(2) {
                                let code = u16::from_be_bytes([pair[0], pair[1]]);
                                assert_ne!(code, 0, "no .notdef glyph is drawn");
                                text.push_str(map.get(&code).unwrap_or_else(|| {
                                    panic!("{font}: code {code} not in ToUnicode {map:?}")
                                }));
                            }
                        }
                    }
                    _ => {}
                }
                args.clear();
            }
            pages.push(text);
        }
        pages
    }
}

/// `bfchar` and `bfrange` entries of a ToUnicode CMap.
pub fn cmap(data: &[u8]) -> BTreeMap<u16, String> {
    let mut lx = Lexer { b: data, i: 0 };
    let (mut out, mut args) = (BTreeMap::new(), Vec::new());
    let code = |o: &Obj| match o {
        Obj::Str(b) if b.len() == 2 => u16::from_be_bytes([b[0], b[1]]),
        o => panic!("code {o:?}"),
    };
    let utf16 = |o: &Obj| match o {
        Obj::Str(b) => String::from_utf16(
            &b.chunks(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect::<Vec<_>>(),
        )
        .expect("UTF-16"),
        o => panic!("unicode {o:?}"),
    };
    while let Some(v) = lx.value(false) {
        match v {
            Obj::Op(op) if op == "endbfchar" => {
                for pair in args.chunks(2) {
                    out.insert(code(&pair[0]), utf16(&pair[1]));
                }
                args.clear();
            }
            Obj::Op(op) if op == "endbfrange" => {
                for triple in args.chunks(3) {
                    let (lo, hi) = (code(&triple[0]), code(&triple[1]));
                    let first = utf16(&triple[2]).chars().next().expect("range start") as u32;
                    for (k, c) in (lo..=hi).enumerate() {
                        out.insert(
                            c,
                            char::from_u32(first + k as u32).expect("char").to_string(),
                        );
                    }
                }
                args.clear();
            }
            Obj::Op(_) => args.clear(),
            v => args.push(v),
        }
    }
    out
}
