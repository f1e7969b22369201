package io.meterreader.opcua;

import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;

/**
 * A standard method's input arguments as clients send them, for a handler's type check: an alias
 * type goes over the wire as its base (an IntegerId as a UInt32, a Duration as a Double), and
 * Milo's check does not follow an alias to its base, so with the standard arguments its handlers
 * refuse every client. The method node keeps the standard's InputArguments.
 */
final class WireArguments {

    private WireArguments() {
    }

    static Argument[] of(Argument[] standard) {
        Argument[] out = new Argument[standard.length];
        for (int i = 0; i < standard.length; i++) {
            Argument a = standard[i];
            out[i] = new Argument(a.getName(), base(a.getDataType()), a.getValueRank(), a.getArrayDimensions(),
                    a.getDescription());
        }
        return out;
    }

    private static NodeId base(NodeId type) {
        if (Identifiers.IntegerId.equals(type)) {
            return Identifiers.UInt32;
        }
        if (Identifiers.Duration.equals(type)) {
            return Identifiers.Double;
        }
        return type;
    }
}
