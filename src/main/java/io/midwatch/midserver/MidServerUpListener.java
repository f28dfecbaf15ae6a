package io.midwatch.midserver;

import java.util.List;
import java.util.UUID;

/**
 * Told, inside the transaction of the change, that a MID Server went from Down to Up (R7), whichever
 * way the change came (the status API or a heartbeat).
 */
public interface MidServerUpListener {

    /** @return the ids of the issues this resolved */
    List<UUID> midServerUp(MidServer midServer);
}
