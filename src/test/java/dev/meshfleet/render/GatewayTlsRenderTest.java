package dev.meshfleet.render;

import static dev.meshfleet.render.IstioExamples.assertRendersAs;

import org.junit.jupiter.api.Test;

/** Gateway TLS: file-mounted certificates besides credentialName, protocol versions, cipher suites, HTTPS redirect. */
class GatewayTlsRenderTest {

    /**
     * istio.io/latest/docs/reference/config/networking/gateway/, the first example (source: istio/api
     * networking/v1alpha3/gateway.proto): an HTTPS redirect, a file-mounted certificate, a Secret, plain HTTP and Mongo.
     */
    @Test
    void gatewayReferenceExample() {
        assertRendersAs("""
                gateways:
                - name: my-gateway
                  namespace: some-config-namespace
                  selector: {app: my-gateway-controller}
                  servers:
                  - port: {number: 80, name: http, protocol: HTTP}
                    hosts: [uk.bookinfo.com, eu.bookinfo.com]
                    tls: {httpsRedirect: true}
                  - port: {number: 443, name: https-443, protocol: HTTPS}
                    hosts: [uk.bookinfo.com, eu.bookinfo.com]
                    tls:
                      mode: SIMPLE
                      serverCertificate: /etc/certs/servercert.pem
                      privateKey: /etc/certs/privatekey.pem
                  - port: {number: 9443, name: https-9443, protocol: HTTPS}
                    hosts: ["bookinfo-namespace/*.bookinfo.com"]
                    tls: {mode: SIMPLE, credentialName: bookinfo-secret}
                  - port: {number: 9080, name: http-wildcard, protocol: HTTP}
                    hosts: ["*"]
                  - port: {number: 2379, name: mongo, protocol: MONGO}
                    hosts: ["*"]
                """, """
                apiVersion: networking.istio.io/v1alpha3
                kind: Gateway
                metadata:
                  name: my-gateway
                  namespace: some-config-namespace
                spec:
                  selector:
                    app: my-gateway-controller
                  servers:
                  - port:
                      number: 80
                      name: http
                      protocol: HTTP
                    hosts:
                    - uk.bookinfo.com
                    - eu.bookinfo.com
                    tls:
                      httpsRedirect: true # sends 301 redirect for http requests
                  - port:
                      number: 443
                      name: https-443
                      protocol: HTTPS
                    hosts:
                    - uk.bookinfo.com
                    - eu.bookinfo.com
                    tls:
                      mode: SIMPLE # enables HTTPS on this port
                      serverCertificate: /etc/certs/servercert.pem
                      privateKey: /etc/certs/privatekey.pem
                  - port:
                      number: 9443
                      name: https-9443
                      protocol: HTTPS
                    hosts:
                    - "bookinfo-namespace/*.bookinfo.com"
                    tls:
                      mode: SIMPLE # enables HTTPS on this port
                      credentialName: bookinfo-secret # fetches certs from Kubernetes secret
                  - port:
                      number: 9080
                      name: http-wildcard
                      protocol: HTTP
                    hosts:
                    - "*"
                  - port:
                      number: 2379 # to expose internal service via external port 2379
                      name: mongo
                      protocol: MONGO
                    hosts:
                    - "*"
                """);
    }

    /** Same page, the TLS example of the Server message (my-tls-ingress). */
    @Test
    void serverTlsWithMountedFiles() {
        assertRendersAs("""
                gateways:
                - name: my-tls-ingress
                  selector: {app: my-tls-ingress-gateway}
                  servers:
                  - port: {number: 443, name: https, protocol: HTTPS}
                    hosts: ["*"]
                    tls: {mode: SIMPLE, serverCertificate: /etc/certs/server.pem, privateKey: /etc/certs/privatekey.pem}
                """, """
                apiVersion: networking.istio.io/v1alpha3
                kind: Gateway
                metadata:
                  name: my-tls-ingress
                spec:
                  selector:
                    app: my-tls-ingress-gateway
                  servers:
                  - port:
                      number: 443
                      name: https
                      protocol: HTTPS
                    hosts:
                    - "*"
                    tls:
                      mode: SIMPLE
                      serverCertificate: /etc/certs/server.pem
                      privateKey: /etc/certs/privatekey.pem
                """);
    }

    /**
     * "Secure Gateways (File Mount)", istio.io/v1.5/docs/tasks/traffic-management/ingress/secure-ingress-mount/
     * (istio/istio.io content/en/docs/tasks/traffic-management/ingress/secure-ingress-mount/index.md), "Configure a
     * mutual TLS ingress gateway": MUTUAL with the CA certificates mounted as a file.
     */
    @Test
    void mutualTlsWithMountedCaCertificates() {
        assertRendersAs("""
                gateways:
                - name: httpbin-gateway
                  selector: {istio: ingressgateway}
                  servers:
                  - port: {number: 443, name: https, protocol: HTTPS}
                    hosts: [httpbin.example.com]
                    tls:
                      mode: MUTUAL
                      serverCertificate: /etc/istio/ingressgateway-certs/tls.crt
                      privateKey: /etc/istio/ingressgateway-certs/tls.key
                      caCertificates: /etc/istio/ingressgateway-ca-certs/ca-chain.cert.pem
                """, """
                apiVersion: networking.istio.io/v1alpha3
                kind: Gateway
                metadata:
                  name: httpbin-gateway
                spec:
                  selector:
                    istio: ingressgateway # use istio default ingress gateway
                  servers:
                  - port:
                      number: 443
                      name: https
                      protocol: HTTPS
                    tls:
                      mode: MUTUAL
                      serverCertificate: /etc/istio/ingressgateway-certs/tls.crt
                      privateKey: /etc/istio/ingressgateway-certs/tls.key
                      caCertificates: /etc/istio/ingressgateway-ca-certs/ca-chain.cert.pem
                    hosts:
                    - "httpbin.example.com"
                """);
    }

    /**
     * Protocol versions and cipher suites. No istio.io page shows them together, so the expected YAML is built from
     * the ServerTLSSettings reference (istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings:
     * minProtocolVersion, maxProtocolVersion, cipherSuites) on the credentialName server of the "Secure Gateways"
     * task (istio.io/latest/docs/tasks/traffic-management/ingress/secure-ingress/), with Envoy cipher names.
     */
    @Test
    void protocolVersionsAndCipherSuites() {
        assertRendersAs("""
                gateways:
                - name: mygateway
                  selector: {istio: ingressgateway}
                  servers:
                  - port: {number: 443, name: https, protocol: HTTPS}
                    hosts: [httpbin.example.com]
                    tls:
                      mode: SIMPLE
                      credentialName: httpbin-credential
                      minProtocolVersion: TLSV1_2
                      maxProtocolVersion: TLSV1_3
                      cipherSuites: [ECDHE-ECDSA-AES256-GCM-SHA384, ECDHE-RSA-AES256-GCM-SHA384]
                """, """
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata:
                  name: mygateway
                spec:
                  selector:
                    istio: ingressgateway # use istio default ingress gateway
                  servers:
                  - port:
                      number: 443
                      name: https
                      protocol: HTTPS
                    tls:
                      mode: SIMPLE
                      credentialName: httpbin-credential # must be the same as secret
                      minProtocolVersion: TLSV1_2
                      maxProtocolVersion: TLSV1_3
                      cipherSuites:
                      - ECDHE-ECDSA-AES256-GCM-SHA384
                      - ECDHE-RSA-AES256-GCM-SHA384
                    hosts:
                    - httpbin.example.com
                """);
    }
}
