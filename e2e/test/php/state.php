<?php
// The JSON state that a test and its PHP server share in STATE_FILE (each request is a fresh PHP run):
// state() reads it, state($next) replaces it.
ini_set('soap.wsdl_cache_enabled', '0');

function state(?array $next = null): array
{
    $file = getenv('STATE_FILE');
    if ($next !== null) {
        file_put_contents($file, json_encode($next));
        return $next;
    }
    return is_file($file) ? json_decode(file_get_contents($file), true) : [];
}
