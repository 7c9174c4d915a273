"""Hybrid logical clock and the pure merge rules (replication.hlc, replication.merge)."""

from __future__ import annotations

import itertools

import pytest

from cirkular_desktop.replication import hlc
from cirkular_desktop.replication.merge import ALL_FIELDS, DELETED, ERASE, Operation, fold

A, B = "a" * 16, "b" * 16


def test_clock_is_monotonic_even_when_wall_time_goes_back():
    times = iter([1000, 1000, 900, 1001])
    clock = hlc.Clock(A, now=lambda: next(times))
    stamps = [clock.tick() for _ in range(4)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert hlc.Stamp.parse(stamps[2]).wall == 1000  # did not go back to 900


def test_observe_moves_past_remote_stamps():
    clock = hlc.Clock(A, now=lambda: 5)
    remote = str(hlc.Stamp(10_000, 3, B))
    clock.observe(remote)
    assert clock.tick() > remote


def test_the_clock_follows_the_algorithm_of_the_specification():
    """docs/bundle-format.md §3.2: send, receive and a full counter, step by step."""
    now = [1_000]
    clock = hlc.Clock(A, now=lambda: now[0])
    assert clock.tick() == str(hlc.Stamp(1_000, 0, A))          # now > wall: wall = now, counter 0
    assert clock.tick() == str(hlc.Stamp(1_000, 1, A))          # same ms: counter + 1
    clock.observe(str(hlc.Stamp(5_000, 7, B)))                 # receive: the clock takes a higher stamp
    assert clock.tick() == str(hlc.Stamp(5_000, 8, A))
    clock.observe(str(hlc.Stamp(10, 0, B)))                    # ... and ignores a lower one (1970 loses)
    assert clock.tick() == str(hlc.Stamp(5_000, 9, A))
    clock.observe(str(hlc.Stamp(5_000, hlc.MAX_COUNTER, B)))   # a counter at its limit ...
    borrowed = clock.tick()
    assert borrowed == str(hlc.Stamp(5_001, 0, A))             # ... borrows the next millisecond
    assert borrowed > str(hlc.Stamp(5_000, hlc.MAX_COUNTER, B))
    now[0] = 9_000
    assert clock.tick() == str(hlc.Stamp(9_000, 0, A))


def test_a_full_counter_never_makes_a_stamp_that_does_not_parse():
    clock = hlc.Clock(A, wall=2_000, counter=hlc.MAX_COUNTER - 2, now=lambda: 2_000)
    stamps = [clock.tick() for _ in range(5)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 5
    assert all(hlc.is_stamp(stamp) for stamp in stamps)
    assert [hlc.Stamp.parse(x).counter for x in stamps] == [hlc.MAX_COUNTER - 1, hlc.MAX_COUNTER, 0, 1, 2]


def test_stamp_parse_refuses_garbage():
    for bad in ("", "123", "000000000000001-00000-XYZ", None):
        with pytest.raises(ValueError):
            hlc.Stamp.parse(bad)  # type: ignore[arg-type]


def s(wall: int, device: str = A) -> str:
    return str(hlc.Stamp(wall, 0, device))


def op(stamp, data, seen=None):
    return Operation(stamp, "stream", "r1", data, {k: tuple(v) for k, v in (seen or {}).items()})


def test_highest_stamp_wins_and_unseen_value_is_a_conflict():
    create = op(s(1), {"title": "a", "quantity": "1", DELETED: False})
    left = op(s(5, A), {"title": "left"}, {"title": [s(1)]})
    right = op(s(6, B), {"title": "right"}, {"title": [s(1)]})
    for order in itertools.permutations([create, left, right]):
        state = fold(order)
        assert state.values["title"] == "right"
        assert [(c.field, c.value) for c in state.conflicts] == [("title", "left")]


def test_edits_to_different_fields_both_survive():
    create = op(s(1), {"title": "a", "quantity": "1", DELETED: False})
    state = fold([create, op(s(5, A), {"title": "x"}, {"title": [s(1)]}),
                  op(s(6, B), {"quantity": "9"}, {"quantity": [s(1)]})])
    assert state.values["title"] == "x" and state.values["quantity"] == "9"
    assert state.conflicts == []


def test_identical_concurrent_values_are_not_conflicts():
    create = op(s(1), {"title": "a", DELETED: False})
    state = fold([create, op(s(5, A), {"title": "same"}, {"title": [s(1)]}),
                  op(s(6, B), {"title": "same"}, {"title": [s(1)]})])
    assert state.conflicts == []


def test_a_resolution_that_saw_the_loser_settles_the_conflict():
    create = op(s(1), {"title": "a", DELETED: False})
    left = op(s(5, A), {"title": "left"}, {"title": [s(1)]})
    right = op(s(6, B), {"title": "right"}, {"title": [s(1)]})
    resolve = op(s(7, A), {"title": "left"}, {"title": [s(6, B), s(5, A)]})
    state = fold([create, left, right, resolve])
    assert state.values["title"] == "left" and state.conflicts == []


def test_delete_wins_and_keeps_the_concurrent_edit_as_conflict():
    create = op(s(1), {"title": "a", DELETED: False})
    delete = op(s(5, A), {DELETED: True}, {ALL_FIELDS: [s(1)]})
    edit = op(s(6, B), {"title": "edited"}, {"title": [s(1)]})
    for order in itertools.permutations([create, delete, edit]):
        state = fold(order)
        assert state.deleted
        assert [(c.field, c.value) for c in state.conflicts] == [("title", "edited")]


def test_delete_after_seeing_everything_leaves_no_conflict():
    create = op(s(1), {"title": "a", DELETED: False})
    state = fold([create, op(s(5), {DELETED: True}, {ALL_FIELDS: [s(1)]})])
    assert state.deleted and state.conflicts == []


def test_erasure_blanks_older_and_newer_values_without_conflicts():
    create = op(s(1), {"name": "Anna", "phone": "070", DELETED: False})
    erase = op(s(5), {"name": None, "phone": None, ERASE: ["name", "phone"]}, {"name": [s(1)]})
    late = op(s(9, B), {"name": "Anna again"}, {"name": [s(1)]})
    state = fold([create, erase, late])
    assert state.values["name"] is None and state.values["phone"] is None
    assert state.erased and state.conflicts == []
