"""Ctrl-C stops a running collect() promptly and leaves the session usable."""

import subprocess
import sys
import textwrap


def test_keyboard_interrupt_cancels_collect():
    script = textwrap.dedent(
        """
        import os, signal, threading, time
        import numpy as np
        import floe as fl

        n = 20_000_000
        df = fl.DataFrame({"a": np.arange(n), "b": np.random.default_rng(0).random(n)})
        slow = df.lazy().sort("b").with_columns(c=fl.col("a") * 2).select(fl.col("c").n_unique())
        threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        start = time.perf_counter()
        try:
            slow.collect()
            print("not interrupted")
        except KeyboardInterrupt:
            print(f"interrupted {time.perf_counter() - start:.2f}")
        print("after", df.lazy().select(fl.len()).collect().item())
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split()
    assert lines[0] == "interrupted", out.stdout
    assert float(lines[1]) < 1.5, f"interrupt took {lines[1]} s"
    assert lines[2:] == ["after", "20000000"]
