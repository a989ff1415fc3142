<?php
// Clickatell Secure 2FA: the seed's curl sample, adapted in URL, token and authType (a PIN, not a grid).
// Usage: php mfa.php <base url> <bearer token> <msisdn>
[, $baseUrl, $authToken, $to] = $argv;
$authType="pin";
$overrideExpireTime="10";
$maximumRetries="2";
$challenges="2";
$images="8";
$companyImageUrl="http://www.yourwebsite.com/logo_image.jpg";

$ch = curl_init();

curl_setopt($ch, CURLOPT_URL,            "$baseUrl/rest/auth");
curl_setopt($ch, CURLOPT_RETURNTRANSFER, 1);
curl_setopt($ch, CURLOPT_POST,           1);
curl_setopt($ch, CURLOPT_POSTFIELDS,     "{\"authType\":\"$authType\"
                                                ,\"to\":\"$to\"
                                                ,\"overrideExpireTime\":$overrideExpireTime
                                                ,\"maximumRetries\":$maximumRetries
                                                ,\"numberOfChallenges\":$challenges
                                                ,\"numberOfImagesPerChallenge\":$images
                                                ,\"companyImageUrl\":\"$companyImageUrl\"}");
curl_setopt($ch, CURLOPT_HTTPHEADER,     array(
    "X-Version: 1",
    "Content-Type: application/JSON",
    "Accept: application/JSON",
    "Authorization: Bearer $authToken"
));
curl_setopt($ch, CURLINFO_HEADER_OUT,    true);

$result = curl_exec($ch);

echo json_encode([
    'status' => curl_getinfo($ch, CURLINFO_RESPONSE_CODE),
    'contentType' => curl_getinfo($ch, CURLINFO_CONTENT_TYPE),
    'body' => $result === false ? null : $result,
    'error' => curl_error($ch) ?: null,
    'requestHeaders' => curl_getinfo($ch, CURLINFO_HEADER_OUT),
], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
