<?php
// A real PHP SoapServer on our Recite CMS `auth` and `forms` WSDLs (AUTH_WSDL_FILE, FORMS_WSDL_FILE), run by
// PHP's built-in web server for ../cmsAuthPhpServer.test.ts. As on a Recite site, the path picks the
// service (/__/webservices/auth, /__/webservices/forms) and a form submission carries the `authToken`
// cookie. Live tokens and the forms received live in the state file (state.php).
require __DIR__ . '/state.php';

function live($token): bool
{
    return is_string($token) && in_array($token, state()['tokens'] ?? [], true);
}

const IDENTITY = ['id' => '42', 'username' => 'alice', 'email' => 'alice@example.com', 'firstName' => 'Alice', 'lastName' => 'Liddell', 'directoryId' => '7'];

final class Auth
{
    public function authenticate($p)
    {
        $r = $p->request;
        if ($r->username !== getenv('USER_NAME') || $r->password !== getenv('PASSWORD')) {
            return ['return' => ['success' => false, 'errors' => ['error' => ['Invalid username or password']]]];
        }
        $token = bin2hex(random_bytes(20));
        $s = state();
        $s['tokens'][] = $token;
        state($s);
        return ['return' => ['success' => true, 'token' => $token, 'identity' => IDENTITY]];
    }

    public function isValidToken($p)
    {
        return ['return' => live($p->token)];
    }

    public function getIdentity($p)
    {
        return live($p->token) ? ['return' => IDENTITY] : [];
    }

    public function destroyToken($p)
    {
        $s = state();
        $was = live($p->token);
        $s['tokens'] = array_values(array_diff($s['tokens'], [$p->token]));
        state($s);
        return ['return' => $was];
    }
}

final class Forms
{
    public function submit($p)
    {
        if (!live($_COOKIE['authToken'] ?? null)) {
            return ['return' => ['success' => false, 'errors' => ['error' => ['Please log in first']]]];
        }
        $fields = [];
        foreach (is_array($p->fields->field) ? $p->fields->field : [$p->fields->field] as $field) {
            $fields[$field->name] = $field->value;
        }
        $s = state();
        $s['forms'][] = ['formId' => $p->formId, 'fields' => $fields];
        state($s);
        return ['return' => ['success' => true]];
    }
}

$forms = str_ends_with(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH), '/forms');
$server = new SoapServer(getenv($forms ? 'FORMS_WSDL_FILE' : 'AUTH_WSDL_FILE'));
$server->setClass($forms ? Forms::class : Auth::class);
$server->handle();
