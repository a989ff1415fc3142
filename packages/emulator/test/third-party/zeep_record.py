"""Shared by the zeep scripts: run one call and keep what went over the wire."""

import json

from lxml import etree
from zeep import Client
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.plugins import Plugin


class Wire(Plugin):
    """Records the last request and response. For the probes: `action` replaces the SOAPAction and
    `rename` the body element's local name."""

    def __init__(self):
        self.action = self.rename = None
        self.sent = self.received = None

    def egress(self, envelope, http_headers, operation, binding_options):
        if self.action:
            http_headers["SOAPAction"] = f'"{self.action}"'
        if self.rename:
            element = envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")[0]
            element.tag = f"{{{etree.QName(element).namespace}}}{self.rename}"
        self.sent = {"headers": dict(http_headers), "envelope": etree.tostring(envelope, encoding="unicode")}
        return envelope, http_headers

    def ingress(self, envelope, http_headers, operation):
        self.received = etree.tostring(envelope, encoding="unicode")
        return envelope, http_headers


def client(wsdl):
    wire = Wire()
    return Client(wsdl, plugins=[wire]), wire


def call(client, wire, operation, **args):
    """One call's result (or its Fault, or the client-side error) with the request and response."""
    wire.sent = wire.received = None
    try:
        out = {"result": serialize_object(client.service[operation](**args), dict)}
    except Fault as fault:
        out = {"fault": {"faultcode": fault.code, "faultstring": fault.message}}
    except Exception as error:  # e.g. an operation the WSDL does not have
        out = {"error": f"{type(error).__name__}: {error}"}
    sent = wire.sent or {}
    return out | {"requestHeaders": sent.get("headers"), "request": sent.get("envelope"), "response": wire.received}


def report(calls):
    """Print the calls as one JSON object; a WSDL that does not load is reported, not raised."""
    try:
        out = calls()
    except Exception as error:
        out = {"wsdlError": f"{type(error).__name__}: {error}"}
    print(json.dumps(out, indent=2, default=str))
