"""Interrupts: Ctrl-C at any moment exits 130 with one line and leaves nothing behind; SIGTERM
exits 143 the same way; an interrupt is never swallowed and never ends in a traceback (compiled
code that was running a Python callback reports it as a SystemError)."""

from __future__ import annotations

import random
import signal
import time

import pytest

from tests.robustness.conftest import SITE_MAP, lupex_popen, snapshot, wait_for


def test_ctrl_c_at_random_moments_exits_130_and_leaves_no_trace(tmp_path):
    rng = random.Random(20280615)
    moments = sorted(rng.uniform(0.4, 3.5) for _ in range(5))
    before = snapshot(tmp_path)
    for t in moments:
        p = lupex_popen(*SITE_MAP, "--out", tmp_path / "a" / "maps", cwd=tmp_path)
        time.sleep(t)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
        assert p.returncode == 130, (t, err)
        assert err.strip().splitlines() == ["lupex: interrupted"], (t, err)
        assert snapshot(tmp_path) == before, t


def test_sigterm_exits_143_with_one_line(tmp_path):
    p = lupex_popen(*SITE_MAP, "--out", tmp_path / "maps", cwd=tmp_path)
    wait_for(lambda: (tmp_path / ".maps.lupex-lock").exists(), p)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 143 and err.strip().splitlines() == ["lupex: terminated"], err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("sig,status,word", [
    (signal.SIGINT, 130, "interrupted"),
    pytest.param(signal.SIGTERM, 143, "terminated", marks=pytest.mark.slow)])
def test_interrupted_sweep_keeps_its_cache_and_no_lock(tmp_path, sig, status, word):
    import os

    from tests.robustness.conftest import BASELINE

    out = tmp_path / "sw"
    p = lupex_popen("sweep", BASELINE, "--vary", "rover.mass_kg=250..400:10", "--evaluator",
                    "work_split", "--workers", "2", "--quiet", "--out", out, cwd=tmp_path,
                    env={"LUPEX_SWEEP_CASE_DELAY_S": "1.0"})
    wait_for(lambda: (out / "cases").is_dir() and len(list((out / "cases").glob("*.json"))) >= 2,
             p)
    if sig == signal.SIGINT:
        os.killpg(p.pid, sig)  # what a terminal's Ctrl-C does: the workers get it too
    else:
        p.send_signal(sig)
    _, err = p.communicate(timeout=60)
    assert p.returncode == status and err.strip().splitlines() == [f"lupex: {word}"], err
    assert sorted(x.name for x in tmp_path.iterdir()) == ["sw"]  # no lock left
    assert 2 <= len(list((out / "cases").glob("*.json"))) < 16  # finished cases kept


def _main_with(monkeypatch, body):
    import lupex.cli as cli

    monkeypatch.setattr(cli, "_run", lambda argv: body())
    # a test runner started in the background may ignore SIGINT (lupex then keeps it ignored):
    # these in-process tests need Python's default Ctrl-C handling, as in a terminal
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        status = cli.main([])
        _main_with.handler_after = signal.getsignal(signal.SIGINT)
        return status
    finally:
        signal.signal(signal.SIGINT, previous)


def test_interrupt_reported_as_systemerror_by_compiled_code_exits_130(monkeypatch, capsys):
    def body():
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:  # what numba's dispatcher does with it
            raise SystemError("CPUDispatcher(<function fly>) returned a result with an "
                              "exception set") from exc

    assert _main_with(monkeypatch, body) == 130
    assert capsys.readouterr().err.strip().splitlines() == ["lupex: interrupted"]


def test_swallowed_interrupt_still_exits_130(monkeypatch, capsys):
    import os

    def body():
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.5)
        except BaseException:  # e.g. a solver's catch-all around a callback
            pass
        return 0

    assert _main_with(monkeypatch, body) == 130
    assert capsys.readouterr().err.strip().splitlines() == ["lupex: interrupted"]
    assert _main_with.handler_after is signal.default_int_handler  # handlers restored


def test_swallowed_interrupt_is_raised_again_while_still_computing(monkeypatch, capsys):
    import os

    import lupex.cli as cli

    monkeypatch.setattr(cli, "RESEND_S", 0.2)
    seen = []

    def body():
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.5)
        except BaseException:
            seen.append("swallowed")
        time.sleep(5)  # still computing: the interrupt comes again
        seen.append("finished")
        return 0

    t0 = time.monotonic()
    assert _main_with(monkeypatch, body) == 130
    assert seen == ["swallowed"] and time.monotonic() - t0 < 4
    assert capsys.readouterr().err.strip().splitlines() == ["lupex: interrupted"]


def test_broken_pipe_is_quiet(tmp_path):
    p = lupex_popen("launch", "performance", "--help", cwd=tmp_path)
    p.stdout.close()  # the reader went away
    err = p.stderr.read()
    p.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_broken_pipe_under_a_rich_table_is_the_same_quiet_exit(tmp_path):
    # rich exits 1 itself on a closed pipe; lupex's console hands it to the command line, which
    # ends every command the same way: status 141, nothing on standard error
    p = lupex_popen("data", "list", cwd=tmp_path)
    p.stdout.close()
    err = p.stderr.read()
    assert p.wait(timeout=60) == 141
    assert err == "", err


@pytest.mark.slow
def test_ctrl_c_during_the_launch_stage_exits_130(tmp_path):
    from tests.robustness.conftest import BASELINE

    rng = random.Random(7)
    for t in sorted(rng.uniform(3.0, 12.0) for _ in range(10)):
        p = lupex_popen("launch", "ascent", BASELINE, cwd=tmp_path)
        time.sleep(t)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=120)
        assert p.returncode == 130 and err.strip().splitlines() == ["lupex: interrupted"], \
            (t, err)
