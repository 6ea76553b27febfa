//! Just enough TopoJSON to answer "which county contains this point": arcs are decoded from
//! their quantized delta form, polygons are assembled from arc indices, and containment is
//! the even-odd ray test. The same decoding gives the outlines the state and national maps
//! draw. A general GIS crate would be far larger than these lines.

use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Topology {
    transform: Option<Transform>,
    arcs: Vec<Vec<[f64; 2]>>,
    objects: HashMap<String, GeometryCollection>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct GeometryCollection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    id: Option<serde_json::Value>,
    #[serde(default)]
    arcs: serde_json::Value,
    properties: Option<serde_json::Value>,
}

/// One shape: its rings (outer and holes alike; even-odd handles both) and a bounding box.
struct Shape {
    id: String,
    rings: Vec<Vec<(f64, f64)>>,
    bbox: (f64, f64, f64, f64),
}

/// The county shapes, ready for point queries.
pub struct CountyMap {
    shapes: Vec<Shape>,
}

/// One named feature of a TopoJSON object: its id, its `properties.name`, and its rings.
pub struct Feature {
    pub id: String,
    pub name: Option<String>,
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// Decodes every polygon feature of one object (`counties`, `states`) of a TopoJSON file.
pub fn features(text: &str, object: &str) -> Result<Vec<Feature>, String> {
    let topo: Topology = serde_json::from_str(text).map_err(|e| format!("not a TopoJSON file: {e}"))?;
    let arcs: Vec<Vec<(f64, f64)>> = topo
        .arcs
        .iter()
        .map(|arc| match &topo.transform {
            Some(t) => {
                let (mut x, mut y) = (0.0, 0.0);
                arc.iter()
                    .map(|p| {
                        x += p[0];
                        y += p[1];
                        (x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1])
                    })
                    .collect()
            }
            None => arc.iter().map(|p| (p[0], p[1])).collect(),
        })
        .collect();
    let collection = topo.objects.get(object).ok_or_else(|| format!("the map has no \"{object}\" object"))?;
    let ring = |indices: &serde_json::Value| -> Vec<(f64, f64)> {
        let mut pts = Vec::new();
        for i in indices.as_array().into_iter().flatten().filter_map(|v| v.as_i64()) {
            // A negative index ~i means arc i reversed.
            let (idx, rev) = if i < 0 { ((!i) as usize, true) } else { (i as usize, false) };
            let Some(arc) = arcs.get(idx) else { continue };
            let seq: Vec<(f64, f64)> = if rev { arc.iter().rev().copied().collect() } else { arc.clone() };
            // Consecutive arcs share their joining point.
            let skip = usize::from(!pts.is_empty());
            pts.extend(seq.into_iter().skip(skip));
        }
        pts
    };
    let mut out = Vec::new();
    for g in &collection.geometries {
        let id = match &g.id {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => format!("{:05}", n.as_u64().unwrap_or(0)),
            _ => continue,
        };
        let polygons: Vec<&serde_json::Value> = match g.kind.as_str() {
            "Polygon" => vec![&g.arcs],
            "MultiPolygon" => g.arcs.as_array().map(|a| a.iter().collect()).unwrap_or_default(),
            _ => continue,
        };
        let rings: Vec<Vec<(f64, f64)>> = polygons
            .into_iter()
            .flat_map(|p| p.as_array().cloned().unwrap_or_default())
            .map(|r| ring(&r))
            .filter(|r| r.len() >= 3)
            .collect();
        let name = g.properties.as_ref().and_then(|p| p.get("name")).and_then(|n| n.as_str()).map(str::to_string);
        out.push(Feature { id, name, rings });
    }
    Ok(out)
}

impl CountyMap {
    /// Reads a TopoJSON file with a `counties` object whose ids are 5-digit GEOIDs.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let shapes = features(text, "counties")?
            .into_iter()
            .map(|f| {
                let mut bbox = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
                for &(x, y) in f.rings.iter().flatten() {
                    bbox = (bbox.0.min(x), bbox.1.min(y), bbox.2.max(x), bbox.3.max(y));
                }
                Shape { id: f.id, rings: f.rings, bbox }
            })
            .collect();
        Ok(Self { shapes })
    }

    /// The GEOID of the county containing (lon, lat), if any.
    pub fn county_at(&self, lon: f64, lat: f64) -> Option<&str> {
        self.shapes
            .iter()
            .filter(|s| lon >= s.bbox.0 && lon <= s.bbox.2 && lat >= s.bbox.1 && lat <= s.bbox.3)
            .find(|s| {
                let mut inside = false;
                for ring in &s.rings {
                    let mut j = ring.len() - 1;
                    for i in 0..ring.len() {
                        let (xi, yi) = ring[i];
                        let (xj, yj) = ring[j];
                        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
                            inside = !inside;
                        }
                        j = i;
                    }
                }
                inside
            })
            .map(|s| s.id.as_str())
    }

    /// How many shapes were read.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether no shape was read.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_point_in_quantized_square_with_hole() {
        // Square 0..10 made of one arc, quantized with scale 1; a hole 4..6 as a second arc.
        let json = r#"{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},
          "arcs":[[[0,0],[10,0],[0,10],[-10,0],[0,-10]],[[4,4],[0,2],[2,0],[0,-2],[-2,0]]],
          "objects":{"counties":{"type":"GeometryCollection","geometries":[
            {"type":"Polygon","arcs":[[0],[1]],"id":"01001"}]}}}"#;
        let m = CountyMap::from_json(json).unwrap();
        assert_eq!(m.county_at(1.0, 1.0), Some("01001"));
        assert_eq!(m.county_at(5.0, 5.0), None, "inside the hole");
        assert_eq!(m.county_at(11.0, 5.0), None);
    }
}
