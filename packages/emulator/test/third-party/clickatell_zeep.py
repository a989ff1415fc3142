"""Clickatell document/literal SOAP through zeep, with the same calls as clickatell.php.

Usage: /usr/bin/python3 clickatell_zeep.py <wsdl url> <api_id> <user> <password> <msisdn>
"""

import sys

from zeep_record import call, client, report

wsdl, api_id, user, password, msisdn = sys.argv[1:6]


def calls():
    c, wire = client(wsdl)
    out = {"auth": call(c, wire, "auth", api_id=api_id, user=user, password=password)}
    session = str(out["auth"].get("result") or "")[4:]
    out["ping"] = call(c, wire, "ping", session_id=session)
    out["getbalance"] = call(c, wire, "getbalance", session_id=session)
    out["sendmsg"] = call(c, wire, "sendmsg", session_id=session, to=[msisdn], text="Hello from zeep")
    out["routecoverage"] = call(c, wire, "routecoverage", session_id=session, msisdn=msisdn)
    out["authWrongPassword"] = call(c, wire, "auth", api_id=api_id, user=user, password="wrong")
    # probes: the server must dispatch on the body element whatever the SOAPAction
    wire.action = "http://api.clickatell.com/soap/document_literal/webservice/ClickatellSms/pingRequest"
    out["pingForeignAction"] = call(c, wire, "ping", session_id=session)
    # probe: an unknown command must come back as a SOAP 1.1 fault zeep can read
    wire.action, wire.rename = None, "nosuchcommand"
    out["unknownCommand"] = call(c, wire, "ping", session_id=session)
    return out


report(calls)
