//! [`Outline`]: where every value of one JSON text starts and ends, found in one pass, so a
//! walker that looks at many members and items never scans the text again.
use crate::prelude::*;

use super::{skip_ws, value_end, MAX_DEPTH};

/// One value (or object key) of an [`Outline`].
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Where its text starts and ends (exclusive).
    start: usize,
    end: usize,
    /// The node after its subtree: its next sibling, or its parent's end (a leaf: its own
    /// index + 1).
    after: usize,
}

/// The outline of one JSON text: its values and object keys in text order (an object's
/// children alternate key, value), each with its extent and the end of its subtree.
///
/// Built in one pass: strings are skipped with the word-at-a-time search and everything
/// else is a token, so building costs about one scan of the text, and every lookup after it
/// is a walk over the nodes. Like the rest of [`json`](super) it is a skimmer, not a
/// validator: [`Outline::new`] gives up (`None`) only when it cannot find where a value ends.
/// Containers nested deeper than [`MAX_DEPTH`] are kept as one leaf each (its children not
/// outlined), so the memory used is at most a few words per value of the text, and the
/// stack of open containers is bounded.
///
/// ```
/// use zai_wasm::json::Outline;
/// let o = Outline::new(br#" {"a": [1, "x"], "b": {}} "#).unwrap();
/// assert_eq!(o.raw(0), br#"{"a": [1, "x"], "b": {}}"#);
/// let kids: Vec<&[u8]> = o.children(0).map(|n| o.raw(n)).collect();
/// assert_eq!(kids, [&br#""a""#[..], br#"[1, "x"]"#, br#""b""#, b"{}"]);
/// let a = o.children(0).nth(1).unwrap();
/// assert_eq!(o.children(a).map(|n| o.raw(n)).collect::<Vec<_>>(), [&b"1"[..], br#""x""#]);
/// assert!(Outline::new(br#"{"a": [1"#).is_none());
/// assert!(Outline::new(b"{} {}").is_none());
/// ```
#[derive(Debug)]
pub struct Outline<'a> {
    text: &'a [u8],
    nodes: Vec<Node>,
    /// Whether a string (value or key) starts with an escape, or a container too deep to
    /// outline may hold one.
    escaped_start: bool,
}

impl<'a> Outline<'a> {
    /// The outline of `text`, one value with optional whitespace around it; `None` when a
    /// value's end cannot be found (truncated input) or something follows the value.
    pub fn new(text: &'a [u8]) -> Option<Self> {
        let mut nodes: Vec<Node> = Vec::new();
        // The containers not yet closed (node indices).
        let mut open: Vec<usize> = Vec::new();
        let mut escaped_start = false;
        let mut i = skip_ws(text, 0);
        loop {
            let c = *text.get(i)?;
            match c {
                b'{' | b'[' if open.len() < MAX_DEPTH as usize => {
                    open.push(nodes.len());
                    nodes.push(Node {
                        start: i,
                        end: i,
                        after: 0,
                    });
                    i += 1;
                }
                b'}' | b']' => {
                    let after = nodes.len();
                    let node = nodes.get_mut(open.pop()?)?;
                    node.end = i + 1;
                    node.after = after;
                    i += 1;
                }
                b',' | b':' if !open.is_empty() => i += 1,
                _ => {
                    let end = value_end(text, i)?;
                    // (A container here is too deep to outline: its strings are not looked at.)
                    escaped_start |= match c {
                        b'"' => matches!(text.get(i + 1), Some(b'\\')),
                        _ => matches!(c, b'{' | b'['),
                    };
                    nodes.push(Node {
                        start: i,
                        end,
                        after: nodes.len() + 1,
                    });
                    i = end;
                }
            }
            i = skip_ws(text, i);
            if open.is_empty() {
                return (i == text.len()).then_some(Outline {
                    text,
                    nodes,
                    escaped_start,
                });
            }
        }
    }

    /// Whether some string of the text (a value or a key) starts with an escape (`"\u…`), or a
    /// container nested deeper than [`MAX_DEPTH`] (not outlined) may hold one: the parameters'
    /// sentinels start so, and almost no other string, so most texts need no search for them.
    pub fn escaped_start(&self) -> bool {
        self.escaped_start
    }

    /// The number of nodes (values and keys); node 0 is the whole value.
    pub fn count(&self) -> usize {
        self.nodes.len()
    }

    /// The text of node `n` (empty for a node that does not exist).
    #[inline(always)]
    pub fn raw(&self, n: usize) -> &'a [u8] {
        match self.nodes.get(n) {
            Some(node) => self.text.get(node.start..node.end).unwrap_or_default(),
            None => &[],
        }
    }

    /// The node after node `n`'s subtree (its next sibling, or where its parent's children end).
    #[inline(always)]
    pub fn after(&self, n: usize) -> usize {
        match self.nodes.get(n) {
            Some(node) if node.after > n => node.after,
            _ => n + 1,
        }
    }

    /// The children of node `n`: an array's items, or an object's keys and values
    /// alternately. None for anything else, and none for a container nested deeper than
    /// [`MAX_DEPTH`].
    #[inline(always)]
    pub fn children(&self, n: usize) -> Children<'_, 'a> {
        Children {
            outline: self,
            next: n + 1,
            end: self.after(n),
        }
    }
}

/// Iterator over the children of an [`Outline`] node, see [`Outline::children`].
#[derive(Debug, Clone)]
pub struct Children<'o, 'a> {
    outline: &'o Outline<'a>,
    next: usize,
    end: usize,
}

impl Iterator for Children<'_, '_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        let n = self.next;
        if n >= self.end {
            return None;
        }
        self.next = self.outline.after(n);
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kids(o: &Outline<'_>, n: usize) -> Vec<String> {
        o.children(n)
            .map(|c| String::from_utf8_lossy(o.raw(c)).into_owned())
            .collect()
    }

    #[test]
    fn outlines_nested_values_in_text_order() {
        let text = br#"{"a":{"b":[true,null,-1.5e3,"]}\""]},"c":[],"d":{}}"#;
        let o = Outline::new(text).unwrap();
        assert_eq!(kids(&o, 0), [r#""a""#, r#"{"b":[true,null,-1.5e3,"]}\""]}"#, r#""c""#, "[]", r#""d""#, "{}"]);
        let a = o.children(0).nth(1).unwrap();
        let b = o.children(a).nth(1).unwrap();
        assert_eq!(kids(&o, b), ["true", "null", "-1.5e3", r#""]}\"""#]);
        let empty = o.children(0).nth(3).unwrap();
        assert_eq!(kids(&o, empty), Vec::<String>::new());
        // A leaf has no children; a node past the end neither.
        assert_eq!(kids(&o, b + 1), Vec::<String>::new());
        assert_eq!(kids(&o, o.count() + 5), Vec::<String>::new());
        assert_eq!(o.raw(o.count()), b"");
    }

    #[test]
    fn scalars_whitespace_and_truncation() {
        assert_eq!(Outline::new(b" 12 ").map(|o| o.raw(0).to_vec()), Some(b"12".to_vec()));
        assert_eq!(Outline::new(b"\"x\"").map(|o| o.count()), Some(1));
        for bad in [&b""[..], b"   ", b"{", b"[1,2", b"{\"a\":\"x}", b"}", b"[] 1", b"]", b":1", b",{}"] {
            assert!(Outline::new(bad).is_none(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn notes_strings_that_start_with_an_escape() {
        let starts = |t: &[u8]| Outline::new(t).unwrap().escaped_start();
        assert!(!starts(br#"{"a":"x\u0000","b":["y\n"]}"#));
        assert!(starts(br#"{"a":"x","b":["\u0000zai:blob"]}"#));
        assert!(starts(br#"{"\u0061":1}"#));
        let deep = format!("{}\"x\"{}", "[".repeat(200), "]".repeat(200));
        assert!(starts(deep.as_bytes()));
    }

    #[test]
    fn deep_containers_become_leaves() {
        let depth = 100_000;
        let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let o = Outline::new(text.as_bytes()).unwrap();
        assert_eq!(o.count(), MAX_DEPTH as usize + 1);
        let deepest = o.count() - 1;
        assert_eq!(o.raw(deepest).len(), 2 * (depth - MAX_DEPTH as usize) + 1);
        assert_eq!(kids(&o, deepest), Vec::<String>::new());
    }
}
