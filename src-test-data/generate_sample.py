#!/usr/bin/env python3
"""Writes src-test-data/dms/*.jsonl: a small, realistic capture of the shared Kinesis stream.

The files are committed; rerun this only to change the sample. 0001-0003 are DMS records of a relational payments
database and cover every record kind the pipeline must handle: control records, a full load, inserts, updates,
deletes, a primary-key change with a before-image, an undeclared new column, a table that has no data contract, a
record of unknown shape and a malformed line. 0004 holds Kinesis Data Streams for DynamoDB records of a checkout
session table (every attribute type, a change delivered before the insert it follows, a duplicate delivery, a TTL
expiry and a user's delete); 0005 DMS records of a DocumentDB collection of payment disputes in document mode (a
full load, extended JSON, a resend after a task restart). Card numbers are the public test PANs of the card
schemes, never real ones.
"""
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

OUT = Path(__file__).parent / "dms"
T0 = datetime(2024, 3, 1, 9, 0, 0, tzinfo=timezone.utc)
_tx = [1000]
_lsn = [0x16B3740]


def ts(seconds):
    return (T0 + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def control(op, table, at, schema="payments"):
    return {"metadata": {"timestamp": ts(at), "record-type": "control", "operation": op,
                         "partition-key-type": "task-id", "schema-name": schema, "table-name": table}}


def load(table, row, at):
    return {"data": row, "metadata": {"timestamp": ts(at), "record-type": "data", "operation": "load",
                                      "partition-key-type": "primary-key", "schema-name": "payments",
                                      "table-name": table}}


def txn(changes, at):
    """One source transaction: records share transaction id and commit time, ordered by record id."""
    _tx[0] += 1
    out = []
    for i, (op, table, row, before) in enumerate(changes):
        _lsn[0] += 0x58
        md = {"timestamp": ts(at + 0.000001 * i), "record-type": "data", "operation": op,
              "partition-key-type": "schema-table", "schema-name": "payments", "table-name": table,
              "transaction-id": str(_tx[0]), "previous-transaction-id": str(_tx[0] - 1),
              "transaction-record-id": i + 1, "commit-timestamp": ts(at),
              "stream-position": "00000001/%08X" % _lsn[0]}
        rec = {"data": row}
        if before is not None:
            rec["before-image"] = before
        rec["metadata"] = md
        out.append(rec)
    return out


def customer(cid, name, email, country, created, updated):
    return {"customer_id": cid, "full_name": name, "email": email, "country": country,
            "created_at": created, "updated_at": updated}


def card(card_id, cid, pan, holder, month, year, status, updated):
    return {"card_id": card_id, "customer_id": cid, "pan": pan, "card_holder": holder,
            "expiry_month": month, "expiry_year": year, "status": status, "updated_at": updated}


def payment(pid, card_id, amount, currency, merchant, status, created):
    return {"payment_id": pid, "card_id": card_id, "amount": amount, "currency": currency,
            "merchant": merchant, "status": status, "created_at": created}


def write(name, records, extra_lines=()):
    with open(OUT / name, "w") as f:
        for r in records:
            f.write(json.dumps(r, separators=(",", ":")) + "\n")
        for line in extra_lines:
            f.write(line + "\n")


def main():
    OUT.mkdir(exist_ok=True)
    c1 = customer(1, "Ada Lovelace", "ada@example.com", "GB", "2023-01-10 08:00:00", "2023-01-10 08:00:00")
    c2 = customer(2, "Grace Hopper", "grace@example.com", "US", "2023-02-11 09:30:00", "2023-02-11 09:30:00")
    c3 = customer(3, "Alan Turing", "alan@example.com", "GB", "2023-03-12 10:45:00", "2023-03-12 10:45:00")
    k1 = card(10, 1, "4111111111111111", "ADA LOVELACE", 12, 2027, "active", "2023-01-10 08:05:00")
    k2 = card(11, 2, "5555555555554444", "GRACE HOPPER", 6, 2026, "active", "2023-02-11 09:35:00")
    k3 = card(12, 3, "378282246310005", "ALAN TURING", 1, 2025, "active", "2023-03-12 10:50:00")
    p1 = payment(100, 10, "25.00", "EUR", "Cafe Royal", "settled", "2024-02-28 12:00:00")

    full_load = [control("create-table", "customers", 0), control("create-table", "cards", 0),
                 control("create-table", "payments", 0)]
    full_load += [load("customers", r, 1 + i * 0.001) for i, r in enumerate([c1, c2, c3])]
    full_load += [load("cards", r, 2 + i * 0.001) for i, r in enumerate([k1, k2, k3])]
    full_load += [load("payments", p1, 3)]
    write("0001-full-load.jsonl", full_load)

    cdc1 = []
    p2 = payment(101, 10, "12.50", "EUR", "Book Nook", "authorized", "2024-03-01 09:10:00")
    p3 = payment(102, 11, "1999.99", "USD", "Air Lines Inc", "authorized", "2024-03-01 09:11:00")
    cdc1 += txn([("insert", "payments", p2, None), ("insert", "payments", p3, None)], 600)
    c4 = customer(4, "Katherine Johnson", "kj@example.com", "US", "2024-03-01 09:12:00", "2024-03-01 09:12:00")
    k4 = card(13, 4, "4012888888881881", "KATHERINE JOHNSON", 3, 2029, "active", "2024-03-01 09:12:30")
    cdc1 += txn([("insert", "customers", c4, None), ("insert", "cards", k4, None)], 720)
    p2s = dict(p2, status="settled")
    cdc1 += txn([("update", "payments", p2s, p2)], 780)
    c2m = dict(c2, email="grace.hopper@example.com", updated_at="2024-03-01 09:14:00")
    cdc1 += txn([("update", "customers", c2m, c2)], 840)
    write("0002-cdc.jsonl", cdc1, extra_lines=[
        '{"data":{"customer_id":5,"full_name":"Truncated',  # a torn write: not JSON
    ])

    cdc2 = []
    # Primary-key change: customer 3 is re-keyed to 30; the before-image carries the old key.
    c30 = dict(c3, customer_id=30, updated_at="2024-03-01 09:20:00")
    cdc2 += txn([("update", "customers", c30, c3), ("update", "cards", dict(k3, customer_id=30), k3)], 1200)
    # The card is reported stolen and replaced: an update, then a delete of the old card.
    k1b = dict(k1, status="blocked", updated_at="2024-03-01 09:25:00")
    cdc2 += txn([("update", "cards", k1b, k1)], 1500)
    k5 = card(14, 1, "4000056655665556", "ADA LOVELACE", 9, 2030, "active", "2024-03-01 09:26:00")
    cdc2 += txn([("insert", "cards", k5, None), ("delete", "cards", k1b, None)], 1560)
    p3v = dict(p3, status="voided")
    cdc2 += txn([("update", "payments", p3v, p3)], 1620)
    cdc2 += txn([("delete", "payments", p1, None)], 1680)
    # The source gained a column DMS now sends; the contract does not declare it yet.
    cdc2.append(dict(control("add-column", "customers", 1700)))
    c4t = dict(c4, updated_at="2024-03-01 09:30:00", loyalty_tier="gold")
    cdc2 += txn([("update", "customers", c4t, c4)], 1800)
    # A table replicated by the task but without a data contract: quarantined, never guessed at.
    cdc2 += txn([("insert", "audit_log", {"audit_id": 1, "actor": "ops", "action": "login"}, None)], 1860)
    cdc2.append({"metadata": {"timestamp": ts(1900), "operation": "insert"}, "payload": {"x": 1}})
    c1d = dict(c1, updated_at="2024-03-01 09:35:00")
    cdc2 += txn([("delete", "customers", c1d, None)], 1920)
    write("0003-cdc.jsonl", cdc2)


def epoch_us(seconds):
    return int((T0 + timedelta(seconds=seconds)).timestamp() * 1_000_000)


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


def session_item(merchant, session, amount, currency, status, score, signals, expires):
    return {"merchantId": S(merchant), "sessionId": S(session), "amount": N(amount), "currency": S(currency),
            "status": S(status), "items": {"L": [{"M": {"sku": S("SKU-" + session[-1]), "qty": N(1),
                                                       "price": N(amount)}}]},
            "risk": {"M": {"score": N(score), "signals": {"SS": signals}}},
            "channels": {"SS": ["web"]}, "receipt": {"B": "UERGLTEuNwo="}, "giftWrap": {"BOOL": False},
            "coupon": {"NULL": True}, "expiresAt": N(expires)}


def dynamodb(event, event_id, at, item, old=None, ttl=False):
    keys = {"merchantId": item["merchantId"], "sessionId": item["sessionId"]}
    ddb = {"ApproximateCreationDateTime": epoch_us(at), "ApproximateCreationDateTimePrecision": "MICROSECOND",
           "Keys": keys}
    if event != "REMOVE":
        ddb["NewImage"] = item
    if old is not None:
        ddb["OldImage"] = old
    ddb["SizeBytes"] = 180
    identity = {"type": "Service", "principalId": "dynamodb.amazonaws.com"} if ttl else None
    return {"awsRegion": "eu-west-1", "eventID": event_id, "eventName": event, "userIdentity": identity,
            "recordFormat": "application/json", "tableName": "checkout-sessions", "dynamodb": ddb,
            "eventSource": "aws:dynamodb"}


def dispute(oid, payment_id, customer_id, reason, status, amount, opened):
    return {"_id": {"$oid": oid}, "_doc": {
        "paymentId": payment_id, "customer": {"id": customer_id, "segment": "retail"}, "reason": reason,
        "status": status, "amount": {"$numberDecimal": amount}, "openedAt": {"$date": opened},
        "evidence": [{"kind": "receipt", "pages": 2}]}}


def documentdb(op, data, at, dms_at=None, commit=True):
    md = {"timestamp": ts(dms_at if dms_at is not None else at), "record-type": "data", "operation": op,
          "partition-key-type": "primary-key", "schema-name": "cases", "table-name": "disputes"}
    if commit:
        _tx[0] += 1
        md.update({"transaction-id": str(_tx[0]), "transaction-record-id": 1, "commit-timestamp": ts(at)})
    return {"data": data, "metadata": md}


def sources():
    s1 = session_item("m-100", "cs_1", "42.10", "EUR", "open", "0.12", ["new-device"], 1709290800)
    s1c = dict(s1, status=S("captured"))
    s2 = session_item("m-100", "cs_2", "7.50", "EUR", "open", "0.05", ["returning"], 1709290800)
    s2a = dict(s2, status=S("authorized"))
    s3 = session_item("m-200", "cs_3", "310.00", "USD", "open", "0.71", ["velocity", "new-device"], 1709287200)
    s4 = session_item("m-200", "cs_4", "19.99", "USD", "open", "0.20", ["returning"], 1709290800)
    sessions = [
        dynamodb("INSERT", "3f1c0a8e7d2b4c11a9e0f5d6b7c8a901", 60, s1),
        # Delivered before the insert it follows: DynamoDB does not promise item order on Kinesis.
        dynamodb("MODIFY", "3f1c0a8e7d2b4c11a9e0f5d6b7c8a903", 75, s2a, old=s2),
        dynamodb("INSERT", "3f1c0a8e7d2b4c11a9e0f5d6b7c8a902", 70, s2),
        dynamodb("MODIFY", "3f1c0a8e7d2b4c11a9e0f5d6b7c8a904", 90, s1c, old=s1),
        # The same change delivered twice (same event id).
        dynamodb("MODIFY", "3f1c0a8e7d2b4c11a9e0f5d6b7c8a904", 90, s1c, old=s1),
        dynamodb("INSERT", "3f1c0a8e7d2b4c11a9e0f5d6b7c8a905", 100, s3),
        dynamodb("INSERT", "3f1c0a8e7d2b4c11a9e0f5d6b7c8a906", 110, s4),
        dynamodb("REMOVE", "3f1c0a8e7d2b4c11a9e0f5d6b7c8a907", 130, s4, old=s4),
        # The session expired: DynamoDB's time to live removed it; the contract keeps expired sessions.
        dynamodb("REMOVE", "3f1c0a8e7d2b4c11a9e0f5d6b7c8a908", 3600, s3, old=s3, ttl=True),
    ]
    write("0004-dynamodb.jsonl", sessions)

    d1 = dispute("65e1a9f0c2b4d6e8f0a1b201", 101, 1, "not-received", "open", "12.50", "2024-02-29T18:00:00Z")
    d2 = dispute("65e1a9f0c2b4d6e8f0a1b202", 102, 2, "fraud", "open", "1999.99", "2024-03-01T09:40:00Z")
    d1w = dispute("65e1a9f0c2b4d6e8f0a1b201", 101, 1, "not-received", "won", "12.50", "2024-02-29T18:00:00Z")
    disputes = [
        documentdb("load", d1, 5, commit=False),
        documentdb("insert", d2, 2400),
        documentdb("update", d1w, 2460),
        # DMS resends the update after a task restart: same commit, new DMS timestamp.
        documentdb("update", d1w, 2460, dms_at=2700),
    ]
    # The resend carries the same transaction as the first delivery.
    disputes[3]["metadata"].update({k: disputes[2]["metadata"][k] for k in ("transaction-id", "commit-timestamp")})
    write("0005-documentdb.jsonl", disputes)


if __name__ == "__main__":
    main()
    sources()
