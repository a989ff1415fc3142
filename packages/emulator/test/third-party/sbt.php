<?php
// Solutions By Text LoginAPIService: the seed's PHP sample, adapted only in URL and API key.
// Usage: php sbt.php <wsdl url> <api key> <unknown api key>
require __DIR__ . '/soap_record.php';
[, $wsdl, $apiKey, $unknownKey] = $argv;

report(function () use ($wsdl, $apiKey, $unknownKey) {
    $client = new SoapClient($wsdl, ['trace' => true, 'keep_alive' => true]);
    $calls['authenticate'] = call($client, 'AuthenticateAPIKey', ['loginRequest' => ['APIKey' => $apiKey]]);
    $calls['authenticateUnknownKey'] = call($client, 'AuthenticateAPIKey', ['loginRequest' => ['APIKey' => $unknownKey]]);

    // probe: WCF dispatches on SOAPAction and answers an unknown one with a:ActionNotSupported
    $probe = new AlteringSoapClient($wsdl, ['trace' => true]);
    $probe->alter = fn ($request, $action) => [$request, 'http://SBTService/ServiceContracts/ILoginAPI/NoSuchAction'];
    $calls['wrongSoapAction'] = call($probe, 'AuthenticateAPIKey', ['loginRequest' => ['APIKey' => $apiKey]]);
    return $calls;
});
