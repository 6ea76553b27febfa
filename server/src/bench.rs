//! What the benchmark data generators share (`tracker-seed`, `tracker-deals-csv`).

/// xorshift64*: small, fast and reproducible; statistical quality is irrelevant here.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }

    /// Skewed to the front of the list: the first entries are picked far more often.
    pub fn skewed<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        &v[((u * u * u) * v.len() as f64) as usize % v.len()]
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn skewed_picks_favour_the_front() {
        let mut rng = super::Rng(7);
        let v: Vec<usize> = (0..10).collect();
        let firsts = (0..10_000).filter(|_| *rng.skewed(&v) == 0).count();
        assert!(firsts > 4_000, "{firsts}");
    }
}
