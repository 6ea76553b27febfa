//! The maps on state pages and on `/places`: outlines read once at start from the
//! Albers-projected TopoJSON (`counties-albers-10m.json`, 50 states and DC in a 975×610
//! frame, y downwards), drawn per request as inline SVG paths shaded by deal counts.

use crate::load::topo;
use crate::model::view::{MapArea, MapView};
use std::collections::HashMap;
use std::path::Path;

/// One outline: GEOID, the map's own name for it, its rings and bounding box.
struct Outline {
    geoid: String,
    name: String,
    rings: Vec<Vec<(f64, f64)>>,
    bbox: (f64, f64, f64, f64),
}

/// Every county and state outline.
pub struct Atlas {
    counties: Vec<Outline>,
    states: Vec<Outline>,
}

/// What a map shows for one area: its page, its name, and how many deals it has.
pub struct AreaData {
    pub name: String,
    pub url: String,
    pub deals: i64,
}

fn outlines(text: &str, object: &str) -> Result<Vec<Outline>, String> {
    Ok(topo::features(text, object)?
        .into_iter()
        .map(|f| {
            let mut bbox = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for &(x, y) in f.rings.iter().flatten() {
                bbox = (bbox.0.min(x), bbox.1.min(y), bbox.2.max(x), bbox.3.max(y));
            }
            Outline { name: f.name.unwrap_or_else(|| f.id.clone()), geoid: f.id, rings: f.rings, bbox }
        })
        .collect())
}

impl std::fmt::Debug for Atlas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Atlas({} counties, {} states)", self.counties.len(), self.states.len())
    }
}

impl Atlas {
    /// Reads the Albers TopoJSON (it holds both `counties` and `states`).
    pub fn from_json(text: &str) -> Result<Self, String> {
        Ok(Self { counties: outlines(text, "counties")?, states: outlines(text, "states")? })
    }

    /// The atlas from the first folder that has `counties-albers-10m.json`, if any.
    pub fn load(dirs: &[std::path::PathBuf]) -> Option<Self> {
        dirs.iter().find_map(|d| {
            let path = crate::load::files::find(Path::new(d)).albers_map?;
            let text = std::fs::read_to_string(&path).ok()?;
            match Self::from_json(&text) {
                Ok(a) => Some(a),
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "map file unreadable; pages show no maps");
                    None
                }
            }
        })
    }

    /// A state's counties (county GEOID → data), framed to the state. None when the atlas
    /// has no counties for it (territories).
    pub fn state_map(&self, state_fips: &str, data: &HashMap<String, AreaData>) -> Option<MapView> {
        let shapes: Vec<&Outline> = self.counties.iter().filter(|c| c.geoid.starts_with(state_fips)).collect();
        draw(&shapes, data)
    }

    /// The 50 states and DC (state FIPS → data).
    pub fn national_map(&self, data: &HashMap<String, AreaData>) -> Option<MapView> {
        let shapes: Vec<&Outline> = self.states.iter().collect();
        draw(&shapes, data)
    }
}

fn draw(shapes: &[&Outline], data: &HashMap<String, AreaData>) -> Option<MapView> {
    if shapes.is_empty() {
        return None;
    }
    let mut bbox = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for s in shapes {
        bbox = (bbox.0.min(s.bbox.0), bbox.1.min(s.bbox.1), bbox.2.max(s.bbox.2), bbox.3.max(s.bbox.3));
    }
    let (w, h) = (bbox.2 - bbox.0, bbox.3 - bbox.1);
    // Drawn in a frame 1,000 units across; the map shows at about 600 pixels, so a unit is
    // below a pixel and whole units lose nothing visible.
    let scale = 1000.0 / w.max(h).max(1e-9);
    let tolerance = 1.5;
    let counts: Vec<i64> = shapes.iter().map(|s| data.get(&s.geoid).map_or(0, |d| d.deals)).collect();
    let (edges, legend) = buckets(&counts);
    let areas = shapes
        .iter()
        .map(|s| {
            let d = data.get(&s.geoid);
            let deals = d.map_or(0, |d| d.deals);
            MapArea {
                name: d.map_or_else(|| s.name.clone(), |d| d.name.clone()),
                url: d.map(|d| d.url.clone()),
                deals,
                shade: edges.iter().filter(|&&e| deals >= e).count() as u8,
                path: path(&s.rings, tolerance, bbox.0, bbox.1, scale),
            }
        })
        .collect();
    Some(MapView { view_box: format!("0 0 {:.0} {:.0}", (w * scale).ceil(), (h * scale).ceil()), areas, legend })
}

/// Lower edges of shades 1–4 from the spread of non-zero counts, and the legend, in the
/// language of the page being rendered (English outside a render, as in the tests).
fn buckets(counts: &[i64]) -> (Vec<i64>, Vec<(u8, String)>) {
    let mut nz: Vec<i64> = counts.iter().copied().filter(|&n| n > 0).collect();
    nz.sort_unstable();
    let mut edges: Vec<i64> = Vec::new();
    if !nz.is_empty() {
        for q in [0usize, 1, 2, 3] {
            let e = nz[(nz.len() - 1) * q / 4].max(1);
            if edges.last().is_none_or(|&l| e > l) {
                edges.push(e);
            }
        }
    }
    let mut legend = vec![(0u8, crate::t!("map-legend-none"))];
    for (i, &lo) in edges.iter().enumerate() {
        let label = match edges.get(i + 1) {
            Some(&next) if next - 1 > lo => crate::t!("map-legend-range", from = lo, to = next - 1),
            Some(_) => crate::t!("map-legend-exact", count = lo),
            None if lo == *nz.last().unwrap_or(&lo) => crate::t!("map-legend-exact", count = lo),
            None => crate::t!("map-legend-more", count = lo),
        };
        legend.push((i as u8 + 1, label));
    }
    (edges, legend)
}

/// SVG path data for the rings in a frame `scale` times the source units, shifted to the
/// origin: whole numbers, each point relative to the last ("l3,-2"), which is about half the
/// bytes of absolute decimals. Points closer than `tolerance` (frame units) are dropped.
fn path(rings: &[Vec<(f64, f64)>], tolerance: f64, x0: f64, y0: f64, scale: f64) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for ring in rings {
        let mut last: Option<(i64, i64)> = None;
        let mut kept = 0;
        for (i, &(x, y)) in ring.iter().enumerate() {
            let p = (((x - x0) * scale).round() as i64, ((y - y0) * scale).round() as i64);
            match last {
                None => {
                    let _ = write!(out, "M{},{}", p.0, p.1);
                    last = Some(p);
                    kept += 1;
                }
                Some(l) => {
                    let (dx, dy) = (p.0 - l.0, p.1 - l.1);
                    let far = (dx.abs() + dy.abs()) as f64 >= tolerance;
                    if (far || i == ring.len() - 1) && (dx, dy) != (0, 0) {
                        let _ = write!(out, "{}{},{}", if kept == 1 { "l" } else { " " }, dx, dy);
                        last = Some(p);
                        kept += 1;
                    }
                }
            }
        }
        out.push('z');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_follow_the_spread_of_counts() {
        let (edges, legend) = buckets(&[0, 1, 1, 2, 5, 9]);
        assert_eq!(edges, vec![1, 2, 5]);
        assert_eq!(legend[1].1, "1 deal");
        assert_eq!(legend[2].1, "2–4 deals");
        assert_eq!(legend.last().map(|l| l.1.as_str()), Some("5 or more deals"));
        let (edges, legend) = buckets(&[0, 0]);
        assert!(edges.is_empty());
        assert_eq!(legend.len(), 1);
    }

    #[test]
    fn paths_are_relative_whole_units_and_drop_invisible_detail() {
        let ring = vec![(10.0, 10.0), (10.01, 10.0), (20.0, 10.0), (20.0, 20.0), (10.0, 10.0)];
        assert_eq!(path(&[ring], 1.5, 10.0, 10.0, 1.0), "M0,0l10,0 0,10 -10,-10z");
    }
}
