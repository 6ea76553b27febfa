#!/usr/bin/python3
"""A real SMTP server for the tests (Debian's python3-aiosmtpd): it accepts every message and
keeps it in a folder, as the raw message (N.eml) and decoded (N.json: envelope, headers,
plain text and HTML), so tests in Rust and in Playwright read what the site mailed.

    smtp_sink.py --port 2525 --dir /tmp/mail [--delay-file /tmp/mail-delay]

When the delay file exists and holds a number of seconds, each message is kept first and
then the sink waits that long before saying it accepted it: a client killed in that window
never hears the acceptance, which is how the tests make a server crash between the SMTP
server's acceptance and its own record of the send.
"""

import argparse
import asyncio
import email
import email.policy
import itertools
import json
import os
import signal
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder, delay_file):
        self.folder = folder
        self.delay_file = delay_file
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        plain = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "headers": {k: str(v) for k, v in message.items()},
            "subject": str(message.get("Subject", "")),
            "message_id": str(message.get("Message-ID", "")),
            "text": plain.get_content() if plain is not None else "",
            "html": html.get_content() if html is not None else "",
        }
        stem = os.path.join(self.folder, f"{time.time_ns()}-{n}")
        # Written under a temporary name and renamed, so a reader never sees half a file.
        for ext, data in ((".eml", raw), (".json", json.dumps(record).encode())):
            with open(stem + ext + ".tmp", "wb") as f:
                f.write(data)
            os.rename(stem + ext + ".tmp", stem + ext)
        delay = 0.0
        if self.delay_file and os.path.exists(self.delay_file):
            try:
                with open(self.delay_file) as f:
                    delay = float(f.read().strip() or 0)
            except (OSError, ValueError):
                delay = 0.0
        if delay > 0:
            await asyncio.sleep(delay)
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--delay-file")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(Sink(args.dir, args.delay_file), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"smtp sink listening on 127.0.0.1:{args.port}", flush=True)
    stop = asyncio.new_event_loop()
    done = stop.create_future()
    for sig in (signal.SIGINT, signal.SIGTERM):
        stop.add_signal_handler(sig, lambda: done.done() or done.set_result(None))
    stop.run_until_complete(done)
    controller.stop()


if __name__ == "__main__":
    main()
