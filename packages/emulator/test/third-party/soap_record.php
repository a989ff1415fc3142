<?php
// Shared by the PHP SOAP scripts: run one call and keep what went over the wire.

/** One call's result (or its SoapFault) with the request and response PHP's SoapClient traced. */
function call(SoapClient $client, string $operation, array $args): array
{
    try {
        $out = ['result' => $client->__soapCall($operation, [$args])];
    } catch (SoapFault $fault) {
        $out = ['fault' => ['faultcode' => $fault->faultcode, 'faultstring' => $fault->faultstring]];
    }
    return $out + [
        'requestHeaders' => $client->__getLastRequestHeaders(),
        'request' => $client->__getLastRequest(),
        'response' => $client->__getLastResponse(),
    ];
}

/** A SoapClient that can change the SOAPAction or the body before sending (for the probes only). */
class AlteringSoapClient extends SoapClient
{
    /** @var callable(string $request, string $action): array{string, string} */
    public $alter;
    private ?string $sent = null;

    public function __doRequest(string $request, string $location, string $action, int $version, bool $oneWay = false): ?string
    {
        [$this->sent, $action] = ($this->alter)($request, $action);
        return parent::__doRequest($this->sent, $location, $action, $version, $oneWay);
    }

    // the altered request, not the one SoapClient built
    public function __getLastRequest(): ?string
    {
        return $this->sent;
    }
}

/** Print the calls as one JSON object; a fault while loading the WSDL is reported, not thrown. */
function report(callable $calls): void
{
    try {
        $out = $calls();
    } catch (SoapFault $fault) {
        $out = ['wsdlFault' => ['faultcode' => $fault->faultcode, 'faultstring' => $fault->faultstring]];
    }
    echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
}
