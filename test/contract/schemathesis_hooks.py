"""
Schemathesis hooks for the contract test (test/contract/schemathesis.test.ts).

The OpenAPI document states every rule a JSON Schema can express (patterns, lengths, enums,
oneOf). A few of the API's rules cannot be: they depend on a check digit, on today's date or on
the catalogue in the database. For the generated requests to be valid in that sense too, these
hook sets just those values before each request (every phase; schemathesis then re-checks
whether the case is still schema-valid); everything else stays as generated. Bodies that are not
JSON objects pass through untouched. Well-formed order numbers name the run's own order (below).
"""
import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import schemathesis

# The catalogue the test stack seeds (prisma/seed.ts), a component first (cash on delivery needs one).
SKUS = ["TERM-T1", "CARD-RFID", "FOB-RFID", "SUPPORT-DAY"]
MAX_SUPPORT_DAYS = 5
# 500 terminals at 12 990 Kč net stay under the order total a QR Platba can carry
# (MAX_ORDER_TOTAL_HALERE, ~10 M Kč), whatever the other lines hold; a thousand would not.
MAX_TERMINALS = 500


def _ico_check_digit(first_seven: str) -> int:
    """domain/czech-ids.ts icoCheckDigit: weights 8..2, mod 11."""
    remainder = sum(int(d) * (8 - i) for i, d in enumerate(first_seven)) % 11
    return {0: 1, 1: 0}.get(remainder, 11 - remainder)


def _prague_today() -> str:
    return datetime.now(ZoneInfo("Europe/Prague")).date().isoformat()


# The run's own order (a draft of its customer): every well-formed order number is this one. The
# database is shared with the other test files, and an order of a file that has finished has no
# worker any more: an action on it rightly answers 503 (no worker took it), which in production,
# where the worker runs every order, does not happen. Malformed numbers stay as generated (400).
ORDER_NUMBER = os.environ["SCHEMATHESIS_ORDER_NUMBER"]
ORDER_NUMBER_PATTERN = re.compile(r"^\d{4}-\d{6}$")


@schemathesis.hook
def before_call(context, case, kwargs):
    parameters = case.path_parameters or {}
    if isinstance(parameters.get("orderNumber"), str) and ORDER_NUMBER_PATTERN.match(parameters["orderNumber"]):
        parameters["orderNumber"] = ORDER_NUMBER
    if isinstance(case.body, dict):
        _make_domain_valid(f"{case.operation.method.upper()} {case.operation.path}", case.body)


def _make_domain_valid(label: str, body: dict) -> None:
    if label == "POST /auth/register" and isinstance(body.get("organization"), dict):
        organization = body["organization"]
        ico = organization.get("ico")
        if isinstance(ico, str) and len(ico) == 8 and ico.isdigit():
            first_seven = ico[:7] if ico[:7] != "0000000" else "0000001"
            organization["ico"] = first_seven + str(_ico_check_digit(first_seven))
        # A Czech postal code has 5 digits (the schema allows other countries' forms).
        if organization.get("country", "CZ") == "CZ" and isinstance(organization.get("postalCode"), str):
            organization["postalCode"] = "110 00"
    # Products from the catalogue, each once (domain/order-rules.ts).
    if label == "POST /orders" and isinstance(body.get("lines"), list) and all(isinstance(line, dict) for line in body["lines"]):
        body["lines"] = body["lines"][: len(SKUS)]
        for index, line in enumerate(body["lines"]):
            if isinstance(line.get("sku"), str):
                line["sku"] = SKUS[index]
            # Support days stay few: each is a ticket workflow started at confirm, and a thousand
            # of them per generated order would spend the run's time on Temporal, not on the API.
            # The order total is a rule no schema can state (it depends on the prices), so the
            # terminal count keeps a schema-valid order domain-valid; cards and fobs take the
            # schema's whole range. Totals over the limit are refused at the draft (API tests).
            sku = line.get("sku")
            cap = {"SUPPORT-DAY": MAX_SUPPORT_DAYS, "TERM-T1": MAX_TERMINALS}.get(sku) if isinstance(sku, str) else None
            if cap is not None and isinstance(line.get("quantity"), (int, float)) and line["quantity"] > cap:
                line["quantity"] = cap
    # A payment's date lies within a window around today (domain/payments.ts).
    if label.endswith("/payments") and label.startswith("POST") and isinstance(body.get("receivedOn"), str):
        body["receivedOn"] = _prague_today()
