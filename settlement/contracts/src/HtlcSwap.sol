// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

interface IERC20Transfer {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// Hash time-locked contract for the atomic-swap settlement method: the receiver claims with the
/// preimage of `hashLock` before `timeLock`; after it, only the sender can take the funds back.
contract HtlcSwap {
    struct Lock {
        address sender;
        address receiver;
        address token; // 0x0: the native coin
        uint256 amount;
        bytes32 hashLock; // sha256(preimage), as Bitcoin-style HTLCs use, so both legs can share it
        uint64 timeLock;
        uint8 state; // 1 open, 2 claimed, 3 refunded
    }

    mapping(bytes32 => Lock) public locks;

    event Opened(bytes32 indexed lockId, address indexed sender, address indexed receiver, address token,
        uint256 amount, bytes32 hashLock, uint64 timeLock);
    event Claimed(bytes32 indexed lockId, bytes32 preimage);
    event Refunded(bytes32 indexed lockId);

    error Exists();
    error NotOpen();
    error BadPreimage();
    error Expired();
    error NotExpired();
    error BadAmount();
    error TransferFailed();

    function open(address receiver, address token, uint256 amount, bytes32 hashLock, uint64 timeLock)
        external
        payable
        returns (bytes32 lockId)
    {
        if (timeLock <= block.timestamp) revert Expired();
        if (token == address(0) ? (msg.value != amount || amount == 0) : (msg.value != 0 || amount == 0)) {
            revert BadAmount();
        }
        lockId = keccak256(abi.encode(msg.sender, receiver, token, amount, hashLock, timeLock));
        if (locks[lockId].state != 0) revert Exists();
        locks[lockId] = Lock(msg.sender, receiver, token, amount, hashLock, timeLock, 1);
        if (token != address(0) && !IERC20Transfer(token).transferFrom(msg.sender, address(this), amount)) {
            revert TransferFailed();
        }
        emit Opened(lockId, msg.sender, receiver, token, amount, hashLock, timeLock);
    }

    function claim(bytes32 lockId, bytes32 preimage) external {
        Lock storage l = locks[lockId];
        if (l.state != 1) revert NotOpen();
        if (block.timestamp >= l.timeLock) revert Expired();
        if (sha256(abi.encodePacked(preimage)) != l.hashLock) revert BadPreimage();
        l.state = 2;
        emit Claimed(lockId, preimage);
        _pay(l.token, l.receiver, l.amount);
    }

    function refund(bytes32 lockId) external {
        Lock storage l = locks[lockId];
        if (l.state != 1) revert NotOpen();
        if (block.timestamp < l.timeLock) revert NotExpired();
        l.state = 3;
        emit Refunded(lockId);
        _pay(l.token, l.sender, l.amount);
    }

    function _pay(address token, address to, uint256 amount) private {
        bool ok;
        if (token == address(0)) {
            (ok,) = to.call{value: amount}("");
        } else {
            ok = IERC20Transfer(token).transfer(to, amount);
        }
        if (!ok) revert TransferFailed();
    }
}
