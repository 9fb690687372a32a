// N MilvusL7LoadBalancer components in one program: validation, plain data, child resources, outputs, per instance.
import { MilvusL7LoadBalancer } from "../../components";
import { instanceArgs, instanceCount, instanceName } from "./instances";

for (let i = 0; i < instanceCount(); i++) {
    const name = instanceName(i);
    new MilvusL7LoadBalancer(name, instanceArgs(name));
}
