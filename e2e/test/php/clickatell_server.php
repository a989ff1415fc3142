<?php
// A real PHP SoapServer on our Clickatell WSDL (WSDL_FILE), run by PHP's built-in web server for
// ../clickatellPhpServer.test.ts. It answers in Clickatell's words: `OK: <session>`, `OK: ` for a ping,
// `Credit: …`, `ERR: 001, Authentication failed` for a wrong password or a session it does not know, and
// a SoapFault from getbalance while the state says `fault`. Sessions, counts and the last request seen
// live in the state file (state.php) that the test reads and edits.
require __DIR__ . '/state.php';

final class Clickatell
{
    public function auth($p)
    {
        $s = state();
        $s['auth']++;
        $ok = $p->user === getenv('USER_NAME') && $p->password === getenv('PASSWORD') && $p->api_id === (int) getenv('API_ID');
        if (!$ok) {
            state($s);
            return ['return' => 'ERR: 001, Authentication failed'];
        }
        $session = bin2hex(random_bytes(16));
        $s['sessions'][] = $session;
        state($s);
        return ['return' => "OK: $session"];
    }

    private function known($session): bool
    {
        return in_array($session, state()['sessions'] ?? [], true);
    }

    public function ping($p)
    {
        return ['return' => $this->known($p->session_id) ? 'OK: ' : 'ERR: 001, Authentication failed'];
    }

    public function getbalance($p)
    {
        if (!empty(state()['fault'])) {
            throw new SoapFault('Server', 'Balance service unavailable');
        }
        return ['return' => $this->known($p->session_id) ? 'Credit: 100.000' : 'ERR: 001, Authentication failed'];
    }
}

$s = state();
$s['last'] = ['soapAction' => $_SERVER['HTTP_SOAPACTION'] ?? null, 'contentType' => $_SERVER['CONTENT_TYPE'] ?? null, 'body' => file_get_contents('php://input')];
state($s);
$server = new SoapServer(getenv('WSDL_FILE'));
$server->setClass(Clickatell::class);
$server->handle();
