"""Solutions By Text LoginAPIService through zeep, with the same calls as sbt.php.

Usage: /usr/bin/python3 sbt_zeep.py <wsdl url> <api key> <unknown api key>
"""

import sys

from zeep_record import call, client, report

wsdl, api_key, unknown_key = sys.argv[1:4]


def calls():
    c, wire = client(wsdl)
    out = {
        "authenticate": call(c, wire, "AuthenticateAPIKey", loginRequest={"APIKey": api_key}),
        "authenticateUnknownKey": call(c, wire, "AuthenticateAPIKey", loginRequest={"APIKey": unknown_key}),
    }
    # probe: WCF dispatches on SOAPAction and answers an unknown one with a:ActionNotSupported
    wire.action = "http://SBTService/ServiceContracts/ILoginAPI/NoSuchAction"
    out["wrongSoapAction"] = call(c, wire, "AuthenticateAPIKey", loginRequest={"APIKey": api_key})
    return out


report(calls)
