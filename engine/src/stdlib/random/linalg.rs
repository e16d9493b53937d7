//! The factor of a covariance matrix that turns independent normals into correlated ones.

use super::RandomError;

/// Lower-triangular `L` with `L Lᵀ = a`, for a symmetric positive **semi**-definite `a`
/// (row-major, `n x n`), written into `l`.
///
/// A Cholesky factorisation that accepts zero pivots: a pivot within a relative tolerance
/// of zero (a zero variance, or a singular matrix such as `[[1, 1], [1, 1]]`) gives a zero
/// column, provided the rest of that column is zero to the same tolerance; otherwise, or
/// for a clearly negative pivot, the matrix is not positive semi-definite. csp uses an SVD
/// (`U sqrt(S)`), a different factor of the same matrix: the increments have the same
/// distribution.
pub(crate) fn psd_cholesky(a: &[f64], n: usize, l: &mut [f64]) -> Result<(), RandomError> {
    debug_assert!(a.len() == n * n && l.len() == n * n);
    if a.iter().any(|v| !v.is_finite()) {
        return Err(RandomError::NonFinite);
    }
    for i in 0..n {
        for j in 0..i {
            // numpy's `allclose(a, a.T)`: |a - b| <= atol + rtol |b|.
            let (x, y) = (a[i * n + j], a[j * n + i]);
            if (x - y).abs() > 1e-8 + 1e-5 * y.abs() {
                return Err(RandomError::NotSymmetric { i, j });
            }
        }
    }
    let scale = (0..n).map(|i| a[i * n + i].abs()).fold(0.0, f64::max);
    // Rounding leaves pivots of a singular matrix at about 1e-16 of the scale.
    let zero = 1e-10 * scale;
    l.fill(0.0);
    for j in 0..n {
        let d = a[j * n + j] - (0..j).map(|k| l[j * n + k] * l[j * n + k]).sum::<f64>();
        if d < -zero {
            return Err(RandomError::NotPositiveSemidefinite);
        }
        if d <= zero {
            // A zero pivot: the column must vanish too (else a 2x2 minor is negative).
            for i in j + 1..n {
                let s = a[i * n + j] - (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum::<f64>();
                if s.abs() > 1e-6 * scale {
                    return Err(RandomError::NotPositiveSemidefinite);
                }
            }
            continue;
        }
        let p = d.sqrt();
        l[j * n + j] = p;
        for i in j + 1..n {
            let s = a[i * n + j] - (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum::<f64>();
            l[i * n + j] = s / p;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factor(a: &[f64], n: usize) -> Result<Vec<f64>, RandomError> {
        let mut l = vec![0.0; n * n];
        psd_cholesky(a, n, &mut l).map(|_| l)
    }

    fn reproduces(a: &[f64], n: usize) {
        let l = factor(a, n).unwrap();
        for i in 0..n {
            for j in 0..n {
                let v: f64 = (0..n).map(|k| l[i * n + k] * l[j * n + k]).sum();
                assert!((v - a[i * n + j]).abs() < 1e-12, "{a:?} at ({i},{j}): {v}");
            }
        }
    }

    #[test]
    fn factors_definite_and_semidefinite_matrices() {
        reproduces(&[4.0, 2.0, 2.0, 3.0], 2);
        reproduces(&[1.0, 1.0, 1.0, 1.0], 2);
        reproduces(&[0.0, 0.0, 0.0, 2.0], 2);
        reproduces(&[2.0, 0.5, 0.0, 0.5, 1.0, 0.3, 0.0, 0.3, 1.5], 3);
        reproduces(&[0.0], 1);
    }

    #[test]
    fn rejects_what_is_not_a_covariance() {
        assert_eq!(
            factor(&[1.0, 2.0, 2.0, 1.0], 2),
            Err(RandomError::NotPositiveSemidefinite)
        );
        assert_eq!(
            factor(&[-1.0], 1),
            Err(RandomError::NotPositiveSemidefinite)
        );
        assert_eq!(
            factor(&[0.0, 1.0, 1.0, 1.0], 2),
            Err(RandomError::NotPositiveSemidefinite)
        );
        assert_eq!(
            factor(&[1.0, 0.5, 0.4, 1.0], 2),
            Err(RandomError::NotSymmetric { i: 1, j: 0 })
        );
        assert_eq!(factor(&[f64::NAN], 1), Err(RandomError::NonFinite));
    }
}
