#!/usr/bin/env python3
"""A bankbus customer that is not a JVM and not a cluster member.

It speaks Vert.x's TCP event-bus bridge (node --bridge-port): each frame is a 4-byte big-endian length and then
that many bytes of UTF-8 JSON. It takes a ticket, waits to be called, opens two accounts of its own (empty),
deposits into the first, transfers part of it to the second, reads the first's balance, and leaves, printing each reply and how long it waited in the queue.
Only the Python 3 standard library is used.

Exit codes: 0 served; 1 the bank refused or failed an operation; 2 bad usage; 3 could not connect or the
connection broke; 4 no answer in time.
"""
import argparse
import json
import socket
import struct
import sys
import time
import uuid

EXIT_REFUSED, EXIT_USAGE, EXIT_CONNECTION, EXIT_TIMEOUT = 1, 2, 3, 4


class BankRefused(Exception):
    """An error frame: the bank (or the bridge) said no."""


class Bridge:
    def __init__(self, host, port, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.timeout = timeout

    def close(self):
        self.sock.close()

    def _write(self, frame):
        data = json.dumps(frame).encode("utf-8")
        self.sock.sendall(struct.pack(">i", len(data)) + data)

    def _read_exactly(self, n):
        chunks = []
        while n > 0:
            chunk = self.sock.recv(n)
            if not chunk:
                raise ConnectionError("the bridge closed the connection")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _read(self):
        (length,) = struct.unpack(">i", self._read_exactly(4))
        return json.loads(self._read_exactly(length).decode("utf-8"))

    def request(self, address, body, wait_seconds):
        """Sends body to address and returns the reply's body; raises BankRefused on an error frame."""
        reply_to = "customer-py-" + uuid.uuid4().hex
        # The bridge's own reply timeout comes from the 'timeout' header; ours waits a little longer for it.
        self._write({"type": "send", "address": address, "replyAddress": reply_to, "body": body,
                     "headers": {"timeout": int(wait_seconds * 1000)}})
        self.sock.settimeout(wait_seconds + 2)
        while True:
            frame = self._read()
            if frame.get("type") == "err":
                code = frame.get("failureCode")
                raise BankRefused((frame.get("message") or json.dumps(frame))
                                  + ("" if code is None else " (code %s)" % code))
            if frame.get("address") == reply_to:
                return frame.get("body")


def main():
    parser = argparse.ArgumentParser(description="A bankbus customer over the TCP event-bus bridge "
                                     "(node --bridge-port). Opens two accounts of its own, deposits, "
                                     "transfers, reads a balance, and leaves.")
    parser.add_argument("--host", default="127.0.0.1", help="the node's bridge host (default: %(default)s)")
    parser.add_argument("--port", type=int, required=True, help="the node's --bridge-port")
    parser.add_argument("--model", default="message-passing",
                        choices=["message-passing", "shared-state", "unlocked-shared-state"],
                        help="which bank to visit (default: %(default)s)")
    parser.add_argument("--name", default=None,
                        help="customer name; the two accounts are NAME-a and NAME-b (default: py-<random>)")
    parser.add_argument("--deposit", type=int, default=1000, help="cents to deposit into NAME-a (default: %(default)s)")
    parser.add_argument("--transfer", type=int, default=250,
                        help="cents to move from NAME-a to NAME-b (default: %(default)s)")
    parser.add_argument("--patience", type=float, default=30.0,
                        help="seconds to wait in the queue for a cashier (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds to wait for each operation's reply (default: %(default)s)")
    args = parser.parse_args()
    if not 1 <= args.port <= 65535:
        parser.error("--port must be between 1 and 65535, got %d" % args.port)
    if args.deposit < 1 or args.transfer < 1 or args.transfer > args.deposit:
        parser.error("--deposit and --transfer must be positive cents, and the transfer no more than the deposit")
    if not 0 < args.patience <= 600 or not 0 < args.timeout <= 600:
        parser.error("--patience and --timeout must be between 0 and 600 seconds")
    name = args.name or "py-" + uuid.uuid4().hex[:12]
    if not (1 <= len(name) <= 60 and all(c.isalnum() or c in "._:-" for c in name)):
        parser.error("--name must be 1-60 characters of letters, digits and . _ : -, got %r" % name)

    a, b = name + "-a", name + "-b"
    try:
        bridge = Bridge(args.host, args.port, args.timeout)
    except OSError as e:
        print("customer.py: cannot connect to %s:%d: %s" % (args.host, args.port, e), file=sys.stderr)
        return EXIT_CONNECTION
    try:
        started = time.monotonic()
        ticket = bridge.request("bankbus.%s.tickets" % args.model,
                                {"customer": name, "patienceMs": int(args.patience * 1000)}, args.patience + 5)
        print("called: ticket %d at branch %s, cashier %s, after %.1f ms in the queue (%.1f ms door to desk)"
              % (ticket["ticket"], ticket["branch"], ticket["cashier"], ticket["queueWaitMs"],
                 (time.monotonic() - started) * 1000))
        cashier, visit = ticket["cashier"], ticket["visitId"]
        operations = [
            {"op": "open", "opId": name + "-open-a", "account": a, "amount": 0},
            {"op": "open", "opId": name + "-open-b", "account": b, "amount": 0},
            {"op": "deposit", "opId": name + "-deposit", "account": a, "amount": args.deposit},
            {"op": "transfer", "opId": name + "-transfer", "account": a, "to": b, "amount": args.transfer},
            {"op": "balance", "account": a},
        ]
        for op in operations:
            result = bridge.request(cashier, dict(op, visitId=visit), args.timeout)
            print("%-8s -> %s" % (op["op"], json.dumps(result, sort_keys=True)))
        summary = bridge.request(cashier, {"op": "leave", "visitId": visit}, args.timeout)
        print("left: %d operations in %.1f ms at %s" % (summary["operations"], summary["serviceMs"], summary["cashier"]))
        return 0
    except BankRefused as e:
        print("customer.py: refused: %s" % e, file=sys.stderr)
        return EXIT_REFUSED
    except socket.timeout:
        print("customer.py: no answer from %s:%d in time" % (args.host, args.port), file=sys.stderr)
        return EXIT_TIMEOUT
    except (OSError, ValueError, KeyError) as e:
        print("customer.py: connection to %s:%d broke: %s" % (args.host, args.port, e), file=sys.stderr)
        return EXIT_CONNECTION
    finally:
        bridge.close()


if __name__ == "__main__":
    sys.exit(main())
