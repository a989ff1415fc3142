<?php
// Clickatell document/literal SOAP: the seed's SoapClient sample, adapted only in URL and credentials.
// Usage: php clickatell.php <wsdl url> <api_id> <user> <password> <msisdn>
require __DIR__ . '/soap_record.php';
[, $wsdl, $apiId, $user, $password, $msisdn] = $argv;

report(function () use ($wsdl, $apiId, $user, $password, $msisdn) {
    $oClient = new SoapClient($wsdl, ['trace' => true, 'keep_alive' => true]);
    $calls['auth'] = call($oClient, 'auth', ['api_id' => $apiId, 'user' => $user, 'password' => $password]);
    $session = substr((string) ($calls['auth']['result']->return ?? ''), 4);
    $calls['ping'] = call($oClient, 'ping', ['session_id' => $session]);
    $calls['getbalance'] = call($oClient, 'getbalance', ['session_id' => $session]);
    // given "to" first on purpose: the request must follow the WSDL's sequence (text before to)
    $calls['sendmsg'] = call($oClient, 'sendmsg', ['session_id' => $session, 'to' => $msisdn, 'text' => 'Hello from PHP']);
    $calls['routecoverage'] = call($oClient, 'routecoverage', ['session_id' => $session, 'msisdn' => $msisdn]);
    $calls['authWrongPassword'] = call($oClient, 'auth', ['api_id' => $apiId, 'user' => $user, 'password' => 'wrong']);

    // probes: the server must dispatch on the body element whatever the SOAPAction, and fault readably
    $probe = new AlteringSoapClient($wsdl, ['trace' => true]);
    $probe->alter = fn ($request, $action) => [$request, 'http://api.clickatell.com/soap/document_literal/webservice/ClickatellSms/pingRequest'];
    $calls['pingForeignAction'] = call($probe, 'ping', ['session_id' => $session]);
    $probe->alter = fn ($request, $action) => [str_replace(':ping>', ':nosuchcommand>', $request), $action];
    $calls['unknownCommand'] = call($probe, 'ping', ['session_id' => $session]);
    return $calls;
});
