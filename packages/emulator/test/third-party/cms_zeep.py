"""Recite CMS auth web service through zeep, with the same calls as cms.php.

Usage: /usr/bin/python3 cms_zeep.py <wsdl url> <username> <password>
"""

import sys

from zeep_record import call, client, report

wsdl, username, password = sys.argv[1:4]


def calls():
    c, wire = client(wsdl)
    out = {"authenticate": call(c, wire, "authenticate", request={"username": username, "password": password})}
    token = (out["authenticate"].get("result") or {}).get("token") or ""
    for name, operation in [
        ("isValidToken", "isValidToken"),
        ("getIdentity", "getIdentity"),
        ("destroyToken", "destroyToken"),
        ("isValidTokenAfterDestroy", "isValidToken"),
    ]:
        out[name] = call(c, wire, operation, token=token)
    return out


report(calls)
