//! Reference models of the SSE seam, shared by `tests/sse.rs` and the fuzz targets (each includes
//! this file with `#[path]`): the WHATWG `TextDecoder` (what the JS side decodes each read with)
//! and a literal whole-input implementation of the WHATWG event stream interpretation.

#![allow(dead_code)]

/// The events a whole-input run of the spec gives, as `(event, data, id)` strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub events: Vec<(String, String, String)>,
    pub retry: Option<u32>,
}

/// The WHATWG Encoding "UTF-8 decoder" behind `new TextDecoder('utf-8')` (non-fatal), written
/// from the spec independently of the parser's counter.
#[derive(Debug)]
pub struct TextDecoder {
    code_point: u32,
    needed: u32,
    seen: u32,
    lower: u8,
    upper: u8,
    ignore_bom: bool,
    bom_seen: bool,
}

impl TextDecoder {
    pub fn new(ignore_bom: bool) -> Self {
        Self {
            code_point: 0,
            needed: 0,
            seen: 0,
            lower: 0x80,
            upper: 0xBF,
            ignore_bom,
            bom_seen: false,
        }
    }

    /// `decode(bytes, {stream})`, as UTF-16 code units.
    pub fn decode(&mut self, bytes: &[u8], stream: bool) -> Vec<u16> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            i += 1;
            if self.needed == 0 {
                match byte {
                    0x00..=0x7F => self.emit(u32::from(byte), &mut out),
                    0xC2..=0xDF => {
                        self.needed = 1;
                        self.code_point = u32::from(byte & 0x1F);
                    }
                    0xE0..=0xEF => {
                        if byte == 0xE0 {
                            self.lower = 0xA0;
                        }
                        if byte == 0xED {
                            self.upper = 0x9F;
                        }
                        self.needed = 2;
                        self.code_point = u32::from(byte & 0xF);
                    }
                    0xF0..=0xF4 => {
                        if byte == 0xF0 {
                            self.lower = 0x90;
                        }
                        if byte == 0xF4 {
                            self.upper = 0x8F;
                        }
                        self.needed = 3;
                        self.code_point = u32::from(byte & 0x7);
                    }
                    _ => self.emit(0xFFFD, &mut out),
                }
                continue;
            }
            if byte < self.lower || byte > self.upper {
                self.code_point = 0;
                self.needed = 0;
                self.seen = 0;
                self.lower = 0x80;
                self.upper = 0xBF;
                i -= 1; // prepend the byte to the stream
                self.emit(0xFFFD, &mut out);
                continue;
            }
            self.lower = 0x80;
            self.upper = 0xBF;
            self.code_point = (self.code_point << 6) | u32::from(byte & 0x3F);
            self.seen += 1;
            if self.seen == self.needed {
                let cp = self.code_point;
                self.code_point = 0;
                self.needed = 0;
                self.seen = 0;
                self.emit(cp, &mut out);
            }
        }
        if !stream && self.needed != 0 {
            self.code_point = 0;
            self.needed = 0;
            self.seen = 0;
            self.lower = 0x80;
            self.upper = 0xBF;
            self.emit(0xFFFD, &mut out);
        }
        out
    }

    /// TextDecoder's "serialize I/O queue": drops a first U+FEFF unless `ignoreBOM`.
    fn emit(&mut self, cp: u32, out: &mut Vec<u16>) {
        if !self.ignore_bom && !self.bom_seen {
            self.bom_seen = true;
            if cp == 0xFEFF {
                return;
            }
        }
        let c = char::from_u32(cp).expect("decoder produced a non-scalar value");
        let mut buf = [0u16; 2];
        out.extend_from_slice(c.encode_utf16(&mut buf));
    }
}

/// Decodes a whole field value as a `TextDecoder({ignoreBOM: true})` would.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf16(&TextDecoder::new(true).decode(bytes, false)).unwrap()
}

/// Decodes the whole body with `TextDecoder`, splits lines and follows the spec's steps, plus
/// this crate's deviation: at the end, the unterminated line is processed and a pending event
/// is dispatched.
pub fn spec_parse(body: &[u8]) -> Spec {
    let decoded = String::from_utf16(&TextDecoder::new(false).decode(body, false)).unwrap();
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut chars = decoded.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lines.push(std::mem::take(&mut line));
            }
            '\n' => lines.push(std::mem::take(&mut line)),
            c => line.push(c),
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let (mut data, mut event_type, mut last_id) = (String::new(), String::new(), String::new());
    let mut spec = Spec {
        events: Vec::new(),
        retry: None,
    };
    let dispatch = |data: &mut String, event_type: &mut String, last_id: &str, spec: &mut Spec| {
        if data.is_empty() {
            event_type.clear();
            return;
        }
        if data.ends_with('\n') {
            data.pop();
        }
        spec.events.push((
            std::mem::take(event_type),
            std::mem::take(data),
            last_id.to_owned(),
        ));
    };
    for line in &lines {
        if line.is_empty() {
            dispatch(&mut data, &mut event_type, &last_id, &mut spec);
            continue;
        }
        if line.starts_with(':') {
            continue;
        }
        let (field, value) = match line.find(':') {
            Some(i) => {
                let value = &line[i + 1..];
                (&line[..i], value.strip_prefix(' ').unwrap_or(value))
            }
            None => (line.as_str(), ""),
        };
        match field {
            "event" => event_type = value.to_owned(),
            "data" => {
                data.push_str(value);
                data.push('\n');
            }
            "id" if !value.contains('\0') => last_id = value.to_owned(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse::<u32>() {
                    spec.retry = Some(ms);
                }
            }
            _ => {}
        }
    }
    dispatch(&mut data, &mut event_type, &last_id, &mut spec);
    spec
}
