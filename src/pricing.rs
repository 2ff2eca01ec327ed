//! Thread credit prices: the client-side estimate shown before a purchase (the
//! server computes the real price).

/// EUR per thread for a purchase of `quantity` threads.
pub fn unit_price_eur(quantity: i64) -> f64 {
    match quantity {
        q if q >= 1000 => 0.08,
        q if q >= 500 => 0.09,
        _ => 0.10,
    }
}

/// Total EUR for `quantity` threads, rounded to cents.
pub fn total_eur(quantity: i64) -> f64 {
    (quantity as f64 * unit_price_eur(quantity) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers() {
        assert_eq!(total_eur(1), 0.10);
        assert_eq!(total_eur(499), 49.90);
        assert_eq!(total_eur(500), 45.00);
        assert_eq!(total_eur(999), 89.91);
        assert_eq!(total_eur(1000), 80.00);
        assert_eq!(unit_price_eur(5000), 0.08);
    }
}
