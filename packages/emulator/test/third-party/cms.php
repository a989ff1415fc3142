<?php
// Recite CMS auth web service through PHP's SoapClient, as the seed's other samples use it.
// Usage: php cms.php <wsdl url> <username> <password>
require __DIR__ . '/soap_record.php';
[, $wsdl, $username, $password] = $argv;

report(function () use ($wsdl, $username, $password) {
    $client = new SoapClient($wsdl, ['trace' => true, 'keep_alive' => true]);
    $calls['authenticate'] = call($client, 'authenticate', ['request' => ['username' => $username, 'password' => $password]]);
    $token = (string) ($calls['authenticate']['result']->return->token ?? '');
    $calls['isValidToken'] = call($client, 'isValidToken', ['token' => $token]);
    $calls['getIdentity'] = call($client, 'getIdentity', ['token' => $token]);
    $calls['destroyToken'] = call($client, 'destroyToken', ['token' => $token]);
    $calls['isValidTokenAfterDestroy'] = call($client, 'isValidToken', ['token' => $token]);
    return $calls;
});
