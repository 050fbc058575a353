#!/usr/bin/env python3
"""Reproduces every item of issue 13 (hostile inputs) against a rehearse binary.

Usage: python3 scripts/hostile_repro.py [BINARY] [--only SUBSTRING]

Writes each crafted file byte by byte into a fresh temporary home, runs the binary under
/usr/bin/time -v and prints one Markdown table row per run: exit code, wall time, peak memory
(maximum resident set size) and whether the outcome is the one issue 13 asks for (exit 0 or 1,
never 101/134/139, the right message or output). The last line counts rows that failed.
Needs espeak-ng (speech for the WAV variants) and the default model installed (`make model`).
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else os.path.join(ROOT, "target/debug/rehearse")
ONLY = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
TIMEOUT = 600
ROWS = []


# ---------------------------------------------------------------------------------------------
# Files written byte by byte.

def fmt_chunk(tag, channels, rate, bits):
    align = channels * ((bits + 7) // 8)
    return struct.pack("<HHIIHH", tag, channels, rate, (rate * align) & 0xFFFFFFFF, align, bits)


def wav(fmt, data, data_size=None, extra=()):
    out = bytearray(b"RIFF\0\0\0\0WAVE")

    def chunk(cid, body, size):
        out.extend(cid + struct.pack("<I", size) + body)
        if len(body) % 2:
            out.append(0)

    chunk(b"fmt ", fmt, len(fmt))
    for cid, body in extra:
        chunk(cid, body, len(body))
    chunk(b"data", data, len(data) if data_size is None else data_size)
    out[4:8] = struct.pack("<I", len(out) - 8)
    return bytes(out)


def float_wav_with(bad):
    samples = [0.0] * 16000
    samples[8000] = bad
    return wav(fmt_chunk(3, 1, 16000, 32), struct.pack("<16000f", *samples))


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def prompt_toml(pid):
    return (f'[[prompt]]\nid = "{pid}"\nkind = "behavioral"\n'
            'text = "Tell me about a time you changed a plan."\nskills = ["communication"]\n'
            'target_seconds = [60, 120]\nstructure = "star"\n\n')


def big_pack(path, size):
    with open(path, "w") as f:
        written, n = 0, 0
        while written < size:
            t = prompt_toml(f"big-{n}")
            f.write(t)
            written += len(t)
            n += 1


def ulaw(s):
    sign = 0x80 if s < 0 else 0
    mag = min(abs(s), 32635) + 0x84
    exp = max(mag.bit_length() - 1 - 7, 0)
    exp = min(exp, 7)
    man = (mag >> (exp + 3)) & 0x0F
    return (~(sign | (exp << 4) | man)) & 0xFF


def alaw(s):
    sign = 0x80 if s >= 0 else 0
    mag = min(abs(s), 32767) >> 3
    if mag < 32:
        byte = mag >> 1
    else:
        exp = mag.bit_length() - 1 - 4
        byte = (exp << 4) | ((mag >> exp) & 0x0F)
    return (sign | byte) ^ 0x55


def espeak(path, text):
    subprocess.run(["espeak-ng", "-s", "150", "-w", path, text], check=True)
    with open(path, "rb") as f:
        raw = f.read()
    # espeak-ng writes 16-bit mono; find its data chunk.
    at = raw.index(b"data") + 8
    rate = struct.unpack_from("<I", raw, 24)[0]
    pcm = raw[at:]
    return list(struct.unpack(f"<{len(pcm) // 2}h", pcm[: len(pcm) // 2 * 2])), rate


# ---------------------------------------------------------------------------------------------
# Running.

def run(item, what, args, home, env=None, check=None, pipe_to=None, cwd=None):
    if ONLY and ONLY not in item and ONLY not in what:
        return None
    e = dict(os.environ)
    e.pop("REHEARSE_PROMPTS_DIR", None)
    e.pop("REHEARSE_MODELS", None)
    e.pop("REHEARSE_THREADS", None)
    e["REHEARSE_DATA_DIR"] = os.path.join(home, "data")
    e["REHEARSE_CONFIG_DIR"] = os.path.join(home, "config")
    e.update(env or {})
    tfile = os.path.join(home, "time.txt")
    cmd = ["/usr/bin/time", "-v", "-o", tfile, BIN] + args
    started = time.monotonic()
    if pipe_to:
        # `rehearse ... | head -1`: the reader stops early.
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e, cwd=cwd or ROOT)
        head = subprocess.run(pipe_to, stdin=p.stdout, capture_output=True)
        p.stdout.close()
        err = p.stderr.read().decode(errors="replace")
        p.wait(timeout=TIMEOUT)
        out = head.stdout.decode(errors="replace")
    else:
        try:
            p = subprocess.run(cmd, capture_output=True, env=e, timeout=TIMEOUT, cwd=cwd or ROOT)
            out, err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired:
            out, err = "", f"killed after {TIMEOUT} s"
    wall = time.monotonic() - started
    code, rss_kb = None, 0
    with open(tfile) as f:
        for line in f:
            line = line.strip()
            if line.startswith("Exit status:"):
                code = int(line.split(":")[1])
            elif line.startswith("Command terminated by signal"):
                code = 128 + int(line.split()[-1])
            elif line.startswith("Maximum resident set size"):
                rss_kb = int(line.split(":")[1])
            elif line.startswith("Elapsed (wall clock)"):
                parts = line.split(": ")[-1].split(":")
                wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(parts)))
    note = ""
    ok = code in (0, 1)
    if check:
        verdict = check(code, out, err)
        if verdict is not True:
            ok = False
            note = verdict or "unexpected outcome"
    first = (err.strip().splitlines() or out.strip().splitlines() or [""])
    said = next((l for l in first if l.strip()), "")[:110].replace("|", "\\|")
    row = (item, what, code, wall, rss_kb / 1024, ok, note or said)
    ROWS.append(row)
    what = what.replace("|", "\\|")
    print(f"| {item} | {what} | {code} | {wall:.2f} s | {rss_kb / 1024:.0f} MB | {'yes' if ok else 'NO'} | {row[6]} |", flush=True)
    return code, out, err


def expect(code, *needles, where="err"):
    def check(c, out, err):
        text = {"err": err, "out": out, "any": err + out}[where]
        if c != code:
            return f"exit {c}, expected {code}: {(err or out).strip()[:200]}"
        missing = [n for n in needles if n not in text]
        return True if not missing else f"lacks {missing}: {text.strip()[:200]}"
    return check


def main():
    print(f"binary: {BIN}")
    print("| item | input and command | exit | wall | peak RSS | as asked | what it said |")
    print("| --- | --- | ---: | ---: | ---: | :---: | --- |")
    tmp = tempfile.mkdtemp(prefix="hostile-")
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    prompt = "beh-conflict-teammate"
    listing = subprocess.run([BIN, "prompts", "list"], capture_output=True, text=True).stdout.split()
    if prompt not in listing:
        prompt = next(w for w in listing if "-" in w)

    # 1. NaN / Inf samples; a model with a NaN weight.
    nan = write(os.path.join(home, "nan.wav"), float_wav_with(float("nan")))
    inf = write(os.path.join(home, "inf.wav"), float_wav_with(float("inf")))
    for cmd in (["transcribe", nan], ["analyze", nan], ["history", "import", nan, "--prompt", prompt],
                ["transcribe", inf]):
        run("1", f"{os.path.basename(cmd[-1] if cmd[0] != 'history' else cmd[2])}: {' '.join(cmd[:2]) if cmd[0] == 'history' else cmd[0]}",
            cmd, home, check=expect(1, "not a number or infinite"))
    model = subprocess.run([BIN, "models", "path"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    nanmodels = os.path.join(home, "nan-models")
    os.makedirs(nanmodels)
    with open(model, "rb") as f:
        data = bytearray(f.read())
    at = data.index(b"encoder.conv1.weight") + len(b"encoder.conv1.weight")
    data[at:at + 2] = struct.pack("<H", 0x7E00)
    write(os.path.join(nanmodels, os.path.basename(model)), bytes(data))
    del data
    quiet = write(os.path.join(home, "quiet.wav"), wav(fmt_chunk(1, 1, 16000, 16), bytes(32000)))
    run("1", "model with one NaN weight: models path", ["models", "path"], home,
        env={"REHEARSE_MODELS": nanmodels}, check=expect(1, "encoder.conv1.weight", "not a finite number"))
    run("1", "model with one NaN weight: transcribe", ["transcribe", quiet], home,
        env={"REHEARSE_MODELS": nanmodels}, check=expect(1, "not a finite number"))
    shutil.rmtree(nanmodels)

    # 2. A header claiming 4 GB; an absurd rate.
    huge = write(os.path.join(home, "huge.wav"), wav(fmt_chunk(1, 1, 16000, 16), bytes(32000), 0xFFFFFFFE))
    rate = write(os.path.join(home, "rate.wav"), wav(fmt_chunk(1, 1, 4294967291, 16), bytes(2000)))
    for f, needle in ((huge, "truncated"), (rate, "4294967291 Hz")):
        for cmd in (["analyze", f], ["transcribe", f], ["history", "import", f, "--prompt", prompt]):
            run("2", f"{os.path.getsize(f) // 1000} kB {os.path.basename(f)}: {' '.join(c for c in cmd[:2] if not c.startswith('/'))}",
                cmd, home, check=expect(1, needle))

    # 4 (first, as it makes the attempt the record items start from): index.json not writable.
    clip_samples, clip_rate = espeak(os.path.join(home, "answer.wav"), "I fixed the build and we shipped on time.")
    clip = os.path.join(home, "answer.wav")
    os.chmod(clip, 0o644)
    h4 = os.path.join(tmp, "h4")
    os.makedirs(os.path.join(h4, "data", "index.json", "blocker"))
    r = run("4", "import while index.json cannot be written", ["history", "import", clip, "--prompt", prompt], h4,
            check=expect(0))
    attempt_id = r[1].strip() if r else None
    if attempt_id:
        r = run("4", "then history list", ["history", "list"], h4, check=expect(0, attempt_id, where="out"))
        # 7: permissions of what was stored.
        data_dir = os.path.join(h4, "data")
        folder = os.path.join(data_dir, "attempts", attempt_id)
        modes = {p: oct(os.stat(p).st_mode & 0o777) for p in [data_dir, os.path.dirname(folder), folder]
                 + [os.path.join(folder, n) for n in os.listdir(folder)]}
        bad = {p: m for p, m in modes.items() if m not in ("0o700", "0o600")}
        print(f"| 7 | stored folders and files, source file 0644 | - | - | - | {'yes' if not bad else 'NO'} | "
              f"{'all 0700 folders / 0600 files' if not bad else bad} |")
        ROWS.append(("7", "permissions", 0, 0, 0, not bad, ""))

        # 3. Records trusted as paths.
        def fresh_record(name):
            h = os.path.join(tmp, name)
            shutil.copytree(os.path.join(h4, "data", "attempts"), os.path.join(h, "data", "attempts"))
            return h, os.path.join(h, "data", "attempts", attempt_id, "attempt.json")

        def edit(record, key, value):
            with open(record) as f:
                v = json.load(f)
            v[key] = value
            with open(record, "w") as f:
                json.dump(v, f)

        h3, record = fresh_record("h3a")
        edit(record, "id", "../../victim/x")
        victim = os.path.join(h3, "victim", "x")
        os.makedirs(victim)
        shutil.copy(record, os.path.join(victim, "attempt.json"))
        before = open(os.path.join(victim, "attempt.json"), "rb").read()
        run("3", 'id "../../victim/x": history reanalyse --all', ["history", "reanalyse", "--all"], h3,
            check=lambda c, o, e: (c in (0, 1) and "damaged" in e
                                   and open(os.path.join(victim, "attempt.json"), "rb").read() == before)
            or f"exit {c}, victim rewritten or no message: {e[:200]}")
        run("3", 'id "../../victim/x": history show', ["history", "show", attempt_id], h3, check=expect(1, "damaged"))

        h3, record = fresh_record("h3b")
        secret = write(os.path.join(h3, "secret.txt"), b"TOPSECRET\n")
        edit(record, "audio_file", secret)
        run("3", "audio_file = an absolute path: history show", ["history", "show", attempt_id], h3,
            check=lambda c, o, e: (c == 1 and "TOPSECRET" not in o + e and "not a plain file name" in e)
            or f"exit {c}: {e[:200]}")
        run("3", "audio_file = an absolute path: history reanalyse", ["history", "reanalyse", attempt_id], h3,
            check=lambda c, o, e: (c == 1 and "TOPSECRET" not in o + e and "damaged" in e) or f"exit {c}: {e[:200]}")
        edit(record, "audio_file", "/root/.bashrc")
        run("3", "audio_file = /root/.bashrc: history show", ["history", "show", attempt_id], h3,
            check=expect(1, "not a plain file name"))

        # 7. show says when the recording is missing.
        h7, record = fresh_record("h7g")
        for n in os.listdir(os.path.dirname(record)):
            if n.endswith(".wav"):
                os.remove(os.path.join(os.path.dirname(record), n))
        run("7", "history show, recording file deleted", ["history", "show", attempt_id], h7,
            check=expect(0, "Recording: missing", where="out"))

    # 5. Thread counts.
    four = write(os.path.join(home, "four.wav"),
                 wav(fmt_chunk(1, 1, clip_rate, 16), struct.pack(f"<{len(clip_samples)}h", *clip_samples)))
    run("5", "transcribe --threads 100000", ["transcribe", "--threads", "100000", four], home,
        check=expect(0, "asked for; using", where="err"))
    run("5", "REHEARSE_THREADS=99999 transcribe", ["transcribe", four], home,
        env={"REHEARSE_THREADS": "99999"}, check=expect(0, "asked for; using", where="err"))
    run("5", "transcribe --threads 64 (about 3 s clip)", ["transcribe", "--threads", "64", four], home,
        check=expect(0, "asked for; using", where="err"))

    # 6. Big inputs.
    for size, label in ((4_000_000, "4 MB"), (50_000_000, "50 MB")):
        pack = os.path.join(home, f"pack-{label.replace(' ', '')}")
        os.makedirs(pack)
        big_pack(os.path.join(pack, "big.toml"), size)
        run("6", f"{label} pack: prompts check", ["prompts", "check", pack], home,
            check=expect(1, "larger than 1 MB", where="any"))
        run("6", f"{label} pack as the user's pack: prompts list", ["prompts", "list"], home,
            env={"REHEARSE_PROMPTS_DIR": pack}, check=expect(0, "larger than 1 MB"))
        shutil.rmtree(pack)
    text = " ".join(["um"] * 300000)
    words = [{"text": "um", "start_ms": 0, "end_ms": 0, "p": 1.0, "start_char": 3 * i, "end_char": 3 * i + 2}
             for i in range(300000)]
    ums = write(os.path.join(home, "ums.json"), json.dumps({
        "model": "typed", "duration_ms": 0, "text": text, "timed": False,
        "segments": [{"start_ms": 0, "end_ms": 0, "text": text, "words": words}]}).encode())
    run("6", 'transcript of 300,000 "um": analyze', ["analyze", ums], home, check=expect(0))

    # 7. Smaller.
    run("7", "prompts list | head -1", ["prompts", "list"], home, pipe_to=["head", "-1"],
        check=lambda c, o, e: (c == 0 and "panicked" not in e) or f"exit {c}: {e[:200]}")
    run("7", "eval | head", ["eval"], home, pipe_to=["head"],
        check=lambda c, o, e: (c == 0 and "panicked" not in e) or f"exit {c}: {e[:200]}")
    pcm16 = struct.pack(f"<{len(clip_samples)}h", *clip_samples)
    variants = {
        "64-bit float": wav(fmt_chunk(3, 1, clip_rate, 64), struct.pack(f"<{len(clip_samples)}d", *[s / 32768 for s in clip_samples])),
        "a-law": wav(fmt_chunk(6, 1, clip_rate, 8), bytes(alaw(s) for s in clip_samples)),
        "µ-law": wav(fmt_chunk(7, 1, clip_rate, 8), bytes(ulaw(s) for s in clip_samples)),
        "odd-sized chunk + pad byte": wav(fmt_chunk(1, 1, clip_rate, 16), pcm16, extra=[(b"LIST", b"INFOISFT\x05\0\0\0sox!\0")]),
        "streaming, data size 0": wav(fmt_chunk(1, 1, clip_rate, 16), pcm16, 0),
        "streaming, data size 0xFFFFFFFF": wav(fmt_chunk(1, 1, clip_rate, 16), pcm16, 0xFFFFFFFF),
    }
    for name, data in variants.items():
        f = write(os.path.join(home, "variant.wav"), data)
        run("7", f"{name} WAV: transcribe", ["transcribe", f], home,
            check=lambda c, o, e: (c == 0 and "shipped on time" in o.lower()) or f"exit {c}: heard {o.strip()[:80]!r} {e[:120]}")
    broken = os.path.join(home, "broken-models")
    os.makedirs(broken)
    with open(model, "rb") as f:
        write(os.path.join(broken, os.path.basename(model)), f.read(4096))
    run("7", "truncated model first in $REHEARSE_MODELS: models path", ["models", "path"], home,
        env={"REHEARSE_MODELS": broken}, check=expect(1, "truncated"))
    run("7", "truncated model first in $REHEARSE_MODELS: models list", ["models", "list"], home,
        env={"REHEARSE_MODELS": broken}, check=expect(0, "broken", "truncated", where="out"))
    shutil.rmtree(broken)
    folder = os.path.join(home, "folder-models")
    os.makedirs(os.path.join(folder, os.path.basename(model)))
    run("7", "a folder named like the model: models path", ["models", "path"], home,
        env={"REHEARSE_MODELS": folder}, check=expect(1, "it is a folder"))
    dangling = os.path.join(home, "dangling-models")
    os.makedirs(dangling)
    os.symlink(os.path.join(home, "nowhere.bin"), os.path.join(dangling, os.path.basename(model)))
    run("7", "a dangling link named like the model: models path", ["models", "path"], home,
        env={"REHEARSE_MODELS": dangling}, check=expect(1, "does not exist"))
    pack = os.path.join(home, "linkpack")
    os.makedirs(pack)
    write(os.path.join(pack, "good.toml"), prompt_toml("my-good-one").encode())
    os.symlink(os.path.join(pack, "loop.toml"), os.path.join(pack, "loop.toml"))
    os.symlink(os.path.join(pack, "gone.toml.bak"), os.path.join(pack, "gone.toml"))
    run("7", "pack with a looping and a dangling .toml link: prompts check", ["prompts", "check", pack], home,
        check=expect(1, "link loop", "does not exist", where="out"))
    h7 = os.path.join(tmp, "h7f")
    os.makedirs(os.path.join(h7, "config", "prompts"))
    write(os.path.join(h7, "config", "prompts", "mine.toml"), prompt_toml("my-own-question").encode())
    run("7", "pack under $REHEARSE_CONFIG_DIR: prompts show", ["prompts", "show", "my-own-question"], h7,
        check=expect(0, "changed a plan", where="out"))
    run("7", "analyze --prompt ID from the user's pack", ["analyze", "--text",
        "I led the migration and we cut costs by a third.", "--prompt", "my-own-question"], h7, check=expect(0))

    failed = [r for r in ROWS if not r[5]]
    slow = [r for r in ROWS if r[3] > 2.0]
    big = [r for r in ROWS if r[4] > 500]
    print(f"\n{len(ROWS)} runs, {len(failed)} not as asked, {len(slow)} over 2 s, {len(big)} over 500 MB")
    for r in slow:
        print(f"  over 2 s: {r[0]} {r[1]} ({r[3]:.2f} s)")
    shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
