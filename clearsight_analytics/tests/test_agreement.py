import pytest

from clearsight_analytics.agreement import weighted_kappa, weighted_kappa_from_counts

O, G, R, I = "outstanding", "good", "requires_improvement", "inadequate"  # noqa: E741


def test_perfect_agreement_is_one() -> None:
    """Pairs (O,O) (G,G) (R,R) (I,I): observed disagreement 0, expected
    sum w_ij * (1/4)(1/4) > 0, so kappa = 1 - 0 = 1 (both weightings)."""
    pairs = [(O, O), (G, G), (R, R), (I, I)]
    assert weighted_kappa(pairs) == pytest.approx(1.0)
    assert weighted_kappa(pairs, weighting="quadratic") == pytest.approx(1.0)


def test_total_disagreement_at_the_extremes() -> None:
    """Pairs (O,I) and (I,O). Linear weight of O against I is 3/3 = 1.
    Observed: (1 + 1) / 2 = 1.
    Margins: first rater O 1/2, I 1/2; second rater O 1/2, I 1/2.
    Expected: w(O,O) 0 + w(O,I) 1 x 1/4 + w(I,O) 1 x 1/4 + w(I,I) 0 = 1/2.
    kappa = 1 - 1 / (1/2) = -1 (quadratic: the same, as 1 squared is 1)."""
    pairs = [(O, I), (I, O)]
    assert weighted_kappa(pairs) == pytest.approx(-1.0)
    assert weighted_kappa(pairs, weighting="quadratic") == pytest.approx(-1.0)


def test_small_worked_table() -> None:
    """Ten audits, lead (rows) against peer (columns), in the order O, G, R, I:

               O  G  R  I   | row
        O      1  1  0  0   | 2
        G      0  3  1  0   | 4
        R      0  1  2  0   | 3
        I      0  0  0  1   | 1
        column 1  5  3  1     10

    Linear weights w = |i-j|/3. Observed disagreement: three cells one step apart,
    (O,G) (G,R) (R,G), each 1/3: (1+1+1) x 1/3 / 10 = 1/10 = 0.1.
    Expected: sum over i,j of w_ij x row_i x column_j / 100:
      O row (2): 2 x (0x1 + 1/3x5 + 2/3x3 + 1x1) = 2 x (5/3 + 2 + 1) = 2 x 14/3 = 28/3
      G row (4): 4 x (1/3x1 + 0 + 1/3x3 + 2/3x1) = 4 x (1/3 + 1 + 2/3) = 4 x 2 = 8
      R row (3): 3 x (2/3x1 + 1/3x5 + 0 + 1/3x1) = 3 x (2/3 + 5/3 + 1/3) = 3 x 8/3 = 8
      I row (1): 1 x (1x1 + 2/3x5 + 1/3x3 + 0) = 1 + 10/3 + 1 = 16/3
      total = 28/3 + 16 + 16/3 = 44/3 + 16 = 92/3; divided by 100: 92/300.
    kappa = 1 - 0.1 / (92/300) = 1 - 30/92 = 62/92 = 0.673913...

    Quadratic weights w = (|i-j|/3)^2, i.e. 1/9 per step one, 4/9 two, 1 three.
    Observed: 3 x 1/9 / 10 = 1/30.
    Expected x 100:
      O row: 2 x (1/9x5 + 4/9x3 + 1x1) = 2 x (5/9 + 12/9 + 9/9) = 2 x 26/9 = 52/9
      G row: 4 x (1/9x1 + 1/9x3 + 4/9x1) = 4 x 8/9 = 32/9
      R row: 3 x (4/9x1 + 1/9x5 + 1/9x1) = 3 x 10/9 = 30/9
      I row: 1 x (1x1 + 4/9x5 + 1/9x3) = 9/9 + 20/9 + 3/9 = 32/9
      total = 146/9, divided by 100: 146/900.
    kappa = 1 - (1/30) / (146/900) = 1 - 30/146 = 116/146 = 0.794520...
    """
    counts = {(O, O): 1, (O, G): 1, (G, G): 3, (G, R): 1, (R, G): 1, (R, R): 2, (I, I): 1}
    assert weighted_kappa_from_counts(counts) == pytest.approx(62 / 92)
    assert weighted_kappa_from_counts(counts, weighting="quadratic") == pytest.approx(116 / 146)
    pairs = [pair for pair, n in counts.items() for _ in range(n)]
    assert weighted_kappa(pairs) == pytest.approx(62 / 92)


def test_undefined_cases_give_none() -> None:
    """No pairs at all; or both raters always "Good": expected disagreement 0, 0/0."""
    assert weighted_kappa([]) is None
    assert weighted_kappa([(G, G), (G, G)]) is None
    # Blank grades are left out rather than counted.
    assert weighted_kappa([("", G), (G, "")]) is None


def test_unknown_weighting_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown weighting"):
        weighted_kappa([(O, G)], weighting="cubic")  # type: ignore[arg-type]
