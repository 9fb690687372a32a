// Which realizer builds the load balancer for each `loadBalancerApi`. Typed by the enum, so a new API value does not
// compile until it has a realizer here.
import type { FrontEndRealizer } from "./frontEnd";
import { gatewayFrontEnd } from "./gateway";
import { ingressFrontEnd } from "./ingress";
import type { LoadBalancerApi } from "./types";

export const frontEnds: Record<LoadBalancerApi, FrontEndRealizer> = {
    ingress: ingressFrontEnd,
    gateway: gatewayFrontEnd,
};
