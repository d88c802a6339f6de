//! A small JSON number parser: the core has no other, and `str::parse::<f64>` brings
//! `core::num::dec2flt` along (its tables are ~15 KB of gzipped wasm).
//!
//! The decimal significand (19 digits kept) is scaled by powers of ten in a 64-bit binary
//! floating point of its own, with a sticky bit for what each step cuts off, then rounded to an
//! `f64` once. A number that needs one scaling step (a decimal exponent from -13 to 27, which
//! covers `0.6`, `1e+21` or `9007199254740991`) is correctly rounded; beyond, each step may cut off up to
//! 2^-63 of the value, so the result is correctly rounded unless it lies within a few 2^-63 of a
//! halfway point, and otherwise one unit in the last place off. Subnormal results may be one unit
//! off too. That is plenty to check a documented range.
/// `5^0` to `5^27`, the powers of five that fit in a `u64`.
const POW5: [u64; 28] = [
    1,
    5,
    25,
    125,
    625,
    3125,
    15625,
    78125,
    390625,
    1953125,
    9765625,
    48828125,
    244140625,
    1220703125,
    6103515625,
    30517578125,
    152587890625,
    762939453125,
    3814697265625,
    19073486328125,
    95367431640625,
    476837158203125,
    2384185791015625,
    11920928955078125,
    59604644775390625,
    298023223876953125,
    1490116119384765625,
    7450580596923828125,
];

/// Accumulates decimal digits into a significand, keeping at most 19 significant digits.
#[derive(Default)]
struct Digits {
    significand: u64,
    /// Decimal exponent to apply to `significand`.
    exp: i64,
    /// A non-zero digit was dropped.
    inexact: bool,
}

impl Digits {
    /// Takes the run of digits at the start of `s` (fraction digits when `frac`); returns how
    /// many there were and the rest.
    fn take<'a>(&mut self, s: &'a [u8], frac: bool) -> (usize, &'a [u8]) {
        let n = digit_run(s);
        let (run, rest) = s.split_at_checked(n).unwrap_or((s, &[]));
        for &c in run {
            if self.significand < 1_000_000_000_000_000_000 {
                self.significand = self.significand * 10 + u64::from(c - b'0');
                if frac {
                    self.exp -= 1;
                }
            } else {
                self.inexact |= c != b'0';
                if !frac {
                    // A dropped integer digit still scales the value.
                    self.exp += 1;
                }
            }
        }
        (n, rest)
    }
}

/// Length of the run of ASCII digits at the start of `s`.
fn digit_run(s: &[u8]) -> usize {
    s.iter()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(s.len())
}

/// The value of the JSON number `s` (`-? int frac? exp?`); `None` if `s` is not one.
/// Leading zeros are accepted (this is not a validator). Overflow gives an infinity.
pub(super) fn parse(s: &[u8]) -> Option<f64> {
    let (neg, s) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    let mut d = Digits::default();
    let (n, mut s) = d.take(s, false);
    if n == 0 {
        return None;
    }
    if let Some(rest) = crate::util::strip_prefix(s, b".") {
        let (n, rest) = d.take(rest, true);
        if n == 0 {
            return None;
        }
        s = rest;
    }
    if let Some((b'e' | b'E', rest)) = s.split_first() {
        let (sign, rest) = match rest.split_first() {
            Some((b'-', r)) => (-1, r),
            Some((b'+', r)) => (1, r),
            _ => (1, rest),
        };
        let n = digit_run(rest);
        if n == 0 {
            return None;
        }
        let (run, tail) = rest.split_at_checked(n)?;
        // Saturated: past 10^±100000 every value is zero or infinite anyway.
        let e = run.iter().fold(0i64, |acc, &c| {
            (acc * 10 + i64::from(c - b'0')).min(100_000)
        });
        d.exp += sign * e;
        s = tail;
    }
    if !s.is_empty() {
        return None;
    }
    let x = scale(d.significand | u64::from(d.inexact), d.exp);
    Some(if neg { -x } else { x })
}

/// `m * 10^exp`, rounded to the nearest `f64`.
fn scale(m: u64, exp: i64) -> f64 {
    if m == 0 {
        return 0.0;
    }
    // The value is `mant * 2^bin`, `mant` with its top bit set; its lowest bit is sticky.
    let lz = m.leading_zeros();
    let mut mant = m << lz;
    let mut bin = -i64::from(lz);
    let mut e = exp;
    while e != 0 {
        // Dividing goes by at most 5^13, which fits in 32 bits (see `div_shifted`).
        let step = e.clamp(-13, 27);
        e -= step;
        let p5 = POW5.get(step.unsigned_abs() as usize).copied().unwrap_or(1);
        let (wide, shift) = if step > 0 {
            (u128::from(mant) * u128::from(p5), 0)
        } else {
            (div_shifted(mant, p5), 64)
        };
        // `wide >= 2^63`, so at most 64 leading zeros: keep its top 64 bits, sticky the rest.
        let lz = wide.leading_zeros();
        let top = wide << lz;
        mant = (top >> 64) as u64 | u64::from(top as u64 != 0);
        bin += 64 - i64::from(lz) - shift + step;
        // Past these the value is infinite or zero whatever steps remain.
        if !(-1200..=1100).contains(&bin) {
            break;
        }
    }
    // One rounding to 53 bits, then an exact scaling by a power of two (in two halves, to stay
    // within the exponent range; a subnormal result is rounded twice).
    let half = bin / 2;
    mant as f64 * pow2(half) * pow2(bin - half)
}

/// `(mant << 64) / d` for a divisor `d` below 2^32, its lowest bit set if there is a remainder.
/// Long division by 32-bit digits: 64-bit divisions only (a 128-bit division would bring
/// `__udivti3` into the wasm).
fn div_shifted(mant: u64, d: u64) -> u128 {
    let d = d.max(1);
    let mut q = 0u128;
    let mut r = 0u64;
    for digit in [mant >> 32, mant & 0xFFFF_FFFF, 0, 0] {
        // `r < d < 2^32`, so `cur` fits in 64 bits.
        let cur = r << 32 | digit;
        q = q << 32 | u128::from(cur / d);
        r = cur % d;
    }
    q | u128::from(r != 0)
}

/// `2^k`, for `k` within `-1022..=1023` (clamped to it).
fn pow2(k: i64) -> f64 {
    let biased = (k.clamp(-1022, 1023) + 1023) as u64;
    f64::from_bits(biased << 52)
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::prelude::*;

    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64).abs_diff(b.to_bits() as i64)
    }

    #[test]
    fn exact_on_what_json_stringify_writes() {
        for s in [
            "0",
            "-0",
            "1",
            "-1",
            "0.5",
            "-0.5",
            "0.6",
            "0.95",
            "0.01",
            "1e3",
            "1E3",
            "1e+21",
            "1.5e-7",
            "123.456",
            "1024",
            "131072",
            "9007199254740991",
            "-9007199254740991",
            "9007199254740992",
            "0.1",
            "0.3",
            "2.5",
            "1e21",
            "1e22",
            "1e23",
            "4.35",
            "100000",
            "0.000001",
            "1e-7",
            "123456789012345",
            "1.0000000000000002",
            "0.000000000000000000001",
            "0.30000000000000004",
            "3.141592653589793",
            "1.7976931348623157e+308",
            "2.2250738585072014e-308",
            "1e-300",
            "1e300",
            "12345678901234567890",
            "1.2345678901234567e+25",
            "72345678000000001",
            "123456789012345678901234567890e-20",
            "5e-324",
            "4.9406564584124654e-324",
            "1e-310",
            "8.98846567431158e307",
        ] {
            let want: f64 = s.parse().unwrap();
            let got = parse(s.as_bytes()).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "{s}: {got:e}");
        }
        assert!(parse(b"-0").unwrap().is_sign_negative());
        assert_eq!(parse(b"1e400"), Some(f64::INFINITY));
        assert_eq!(parse(b"-1e400"), Some(f64::NEG_INFINITY));
        assert_eq!(parse(b"1e-400"), Some(0.0));
        assert_eq!(parse(b"1e99999999999999999999"), Some(f64::INFINITY));
        assert_eq!(parse(b"1e-99999999999999999999"), Some(0.0));
        assert_eq!(parse(b"0e99999999999999999999"), Some(0.0));
        assert_eq!(parse(b"0.0000e-5"), Some(0.0));
    }

    /// Every finite `f64`, written the two ways Rust (and JS) write numbers, parses back to
    /// itself or a neighbour; nearly always to itself.
    #[test]
    fn round_trips_random_doubles() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let (mut total, mut exact) = (0u32, 0u32);
        for i in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = f64::from_bits(state);
            if !x.is_finite() {
                continue;
            }
            let s = if i % 2 == 0 {
                format!("{x:e}")
            } else {
                format!("{x}")
            };
            let got = parse(s.as_bytes()).unwrap();
            assert!(ulps(got, x) <= 1, "{s}: {got:e}");
            total += 1;
            exact += u32::from(got == x);
        }
        assert!(
            f64::from(exact) >= 0.999 * f64::from(total),
            "{exact} of {total}"
        );
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for s in [
            "",
            "-",
            "+1",
            ".5",
            "1.",
            "1e",
            "1e+",
            "--1",
            "1x",
            "inf",
            "NaN",
            "-Infinity",
            "1.5.2",
            "0x10",
            " 1",
        ] {
            assert_eq!(parse(s.as_bytes()), None, "{s:?}");
        }
    }

    #[test]
    fn integers_stay_integers() {
        for n in [1u64, 7, 30, 60, 1024, 131_072, 9_007_199_254_740_991] {
            let mut s = String::new();
            crate::util::push_u64(&mut s, n);
            assert_eq!(parse(s.as_bytes()), Some(n as f64));
        }
        assert_eq!(parse(b"10.5"), Some(10.5));
        assert_eq!(parse(b"1.5e1"), Some(15.0));
    }
}
