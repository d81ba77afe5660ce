//! Colours as site.yaml gives them (`#1d4f91`) and the WCAG 2.2 contrast
//! ratio between two of them. Hand-written: the formula is a few lines of
//! the WCAG definition of relative luminance, and the colour crates carry
//! far more (colour spaces, CSS parsing) than a hex triple needs
//! (docs/design.md).

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

impl Rgb {
    /// `#rrggbb` or `#rgb`, in either case; nothing else.
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).ok();
        match hex.len() {
            6 => Some(Rgb(byte(0, 2)?, byte(2, 2)?, byte(4, 2)?)),
            3 => {
                let d = |i| byte(i, 1).map(|v| v * 17);
                Some(Rgb(d(0)?, d(1)?, d(2)?))
            }
            _ => None,
        }
    }

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2.2's relative luminance, 0 for black to 1 for white.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// The colour mixed towards black: `amount` 0 leaves it, 1 is black.
    pub fn darken(self, amount: f64) -> Rgb {
        let keep = (1.0 - amount).clamp(0.0, 1.0);
        let c = |v: u8| (f64::from(v) * keep).round() as u8;
        Rgb(c(self.0), c(self.1), c(self.2))
    }
}

/// WCAG 2.2's contrast ratio, 1 (none) to 21 (black on white).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// A ratio as messages show it, rounded down so that a colour just short of
/// 4.5:1 is never shown as passing it.
pub fn ratio_text(r: f64) -> String {
    format!("{:.2}:1", (r * 100.0).floor() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex() {
        assert_eq!(Rgb::parse("#1D4F91"), Some(Rgb(0x1d, 0x4f, 0x91)));
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        for bad in ["1d4f91", "#1d4f9", "#ggg", "red", "#1d4f9100", ""] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
        assert_eq!(Rgb(0x1d, 0x4f, 0x91).hex(), "#1d4f91");
    }

    #[test]
    fn known_ratios() {
        // The extremes, and the theme's link colour (site.css states 8.1:1).
        assert!((contrast(Rgb(0, 0, 0), WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        let link = Rgb::parse("#1d4f91").unwrap();
        assert_eq!(ratio_text(contrast(link, WHITE)), "8.14:1");
        // #767676 is the well-known lightest grey that passes 4.5:1 on white.
        assert!(contrast(Rgb::parse("#767676").unwrap(), WHITE) >= 4.5);
        assert!(contrast(Rgb::parse("#777777").unwrap(), WHITE) < 4.5);
    }

    #[test]
    fn ratio_rounds_down() {
        assert_eq!(ratio_text(4.4999), "4.49:1");
        assert_eq!(ratio_text(3.0), "3.00:1");
    }

    #[test]
    fn darkening_raises_contrast_on_white() {
        let c = Rgb::parse("#4a90d9").unwrap();
        assert!(contrast(c.darken(0.3), WHITE) > contrast(c, WHITE));
        assert_eq!(c.darken(1.0), Rgb(0, 0, 0));
    }
}
