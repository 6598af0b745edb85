"""``scrub_contact_data``: e-mail, IPv4, IPv6 and telephone numbers in every form they are
written, in any language; and what must stay (years, dates, amounts, ids, numbers)."""

from __future__ import annotations

import datetime as dt
import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pulso.privacy import scrub_contact_data

SCRUBBED = [
    # e-mail addresses
    ("escriban a ana@example.org.", "escriban a [email]."),
    ("josé.pérez+consulta@correo.gob.sv", "[email]"),
    ("ana＠example.org", "[email]"),
    ("ana [at] example [dot] org", "[email]"),
    ("ana(arroba)correo(punto)sv", "[email]"),
    ("<yo@correo.example>", "<[email]>"),
    # IPv4
    ("desde 10.0.0.1", "desde [ip]"),
    ("http://192.168.1.254/admin", "http://[ip]/admin"),
    ("IP 200.85.1.9:8080.", "IP [ip]:8080."),
    # IPv6: compressed, full, loopback, zone, embedded IPv4, in brackets, after a label
    ("mi IP es 2001:db8::1", "mi IP es [ip]"),
    ("2001:0db8:0000:0000:0000:ff00:0042:8329.", "[ip]."),
    ("2001:DB8:0:0:8:800:200C:417A", "[ip]"),
    ("::1 y ::", "[ip] y ::"),
    ("fe80::1ff:fe23:4567:890a%eth0", "[ip]"),
    ("fe80::1%25", "[ip]"),
    ("::ffff:192.0.2.128 y 64:ff9b::192.0.2.33", "[ip] y [ip]"),
    ("[2001:db8::1]:443", "[[ip]]:443"),
    ("IPv6:2001:db8::1,", "IPv6:[ip],"),
    # telephone numbers: international, national, dots, dashes, spaces, parentheses
    ("llámenme al +503 7012-3456", "llámenme al [phone]"),
    ("o al 7012 3456.", "o al [phone]."),
    ("+50370123456", "[phone]"),
    ("(503) 2222-3333", "[phone]"),
    ("+1 (555) 123-4567", "[phone]"),
    ("+44 20 7946 0958", "[phone]"),
    ("0044 20 7946 0958", "[phone]"),
    ("+33 1 42 68 53 00", "[phone]"),
    ("+34 612 34 56 78", "[phone]"),
    ("+52 55 1234 5678", "[phone]"),
    ("503.7012.3456", "[phone]"),
    ("2222 - 3333 o 7012–3456", "[phone] o [phone]"),
    ("＋503 7012 3456", "[phone]"),
    # a word that announces a number: written without separators, in several languages
    ("tel. 70123456", "tel. [phone]"),
    ("Teléfono: 22223333", "Teléfono: [phone]"),
    ("WhatsApp 7012-345", "WhatsApp [phone]"),
    ("cel 612 345 678", "cel [phone]"),
    ("phone: 5551234", "phone: [phone]"),
    ("电话13800138000", "电话[phone]"),
    ("電話：03-1234-5678", "電話：[phone]"),
    ("هاتف ٠٧٠١٢٣٤٥٦٧", "هاتف [phone]"),
    ("телефон 8 912 345-67-89", "телефон [phone]"),
    ("٧٠١٢ ٣٤٥٦", "[phone]"),  # Arabic-Indic digits in groups
]

KEPT = [
    "En 2018 se publicó la Ley 200 de 2018.",
    "USD 100, $ 1 200 000, 7.000.000 de dólares, 1.000.000.000 y 1,517 personas",
    "1 200 000 personas; 12 345 678 €; 1.234.567,89; 2 500 000 USD",
    "2018-06-15, 15.06.2018, 15-06-2018, 15/06/2018, 2018.06.15, 15 06 2018",
    "el periodo 2018-2020, los años 2018 2019 2020, de 2098-2100",
    "post 1897000000000000000, expediente 2018-000123, DUI 01234567-8",
    "pi vale 3.14159265; 12345.678; 12.5 %; 45%",
    "1 2 3 4 5 6 7 8 9; 2.5 3.5 4.5 5.5",
    "a las 10:30:15, ratio 3:2, versión 1.2.3",
    "Artículo 5, numeral 3; 20 de junio; 555-1234",
    "cafe:babe y de:ad:be:ef:00:11",
    "Nota:: sin dirección",
    "[email] [ip] [phone]",
    "",
]


@pytest.mark.parametrize(("text", "expected"), SCRUBBED)
def test_contact_data_is_scrubbed(text, expected):
    assert scrub_contact_data(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_numbers_that_are_not_contact_data_are_kept(text):
    assert scrub_contact_data(text) == text


def test_inside_a_sentence_and_twice():
    text = (
        "Propongo publicar el presupuesto de 2018 (USD 1,517,000). Escríbanme a "
        "ana@example.org, al +503 7012-3456 o al 7012 3456; mi IP era 2001:db8::1."
    )
    once = scrub_contact_data(text)
    assert once == (
        "Propongo publicar el presupuesto de 2018 (USD 1,517,000). Escríbanme a "
        "[email], al [phone] o al [phone]; mi IP era [ip]."
    )
    assert scrub_contact_data(once) == once
    for text, _ in SCRUBBED:
        assert scrub_contact_data(scrub_contact_data(text)) == scrub_contact_data(text)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.ip_addresses(v=6).filter(int),  # "::" (no address at all) is left as punctuation
    st.sampled_from(["compressed", "exploded"]),
    st.sampled_from(["", "%eth0"]),
)
def test_every_ipv6_address_is_scrubbed(address, form, zone):
    written = getattr(address, form) + zone
    assert scrub_contact_data(f"Mi dirección era {written}, gracias.") == (
        "Mi dirección era [ip], gracias."
    )
    v4 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    assert scrub_contact_data(f"o ::ffff:{v4} y {v4}.") == "o [ip] y [ip]."


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)),
    st.integers(0, 10**12),
    st.sampled_from([",", ".", " ", "\u00a0"]),
    st.sampled_from(["USD ", "$", "", "€ ", "₡"]),
)
def test_dates_amounts_and_years_are_never_scrubbed(day, amount, thousands, currency):
    grouped = f"{amount:,}".replace(",", thousands)
    texts = [
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        day.strftime("%d.%m.%Y"),
        day.strftime("%d-%m-%Y"),
        f"{day.year}-{day.year + 2}",
        f"{day.year - 1} {day.year} {day.year + 1}",
        f"Ley {amount % 1000} de {day.year}",
        f"{currency}{grouped}",
        f"{grouped} personas",
        f"{amount % 10**6 / 100:.2f} %",
    ]
    for text in texts:
        assert scrub_contact_data(text) == text, text
